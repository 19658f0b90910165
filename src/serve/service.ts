import { Planner, type PlanChoices, type FilePlan } from '../run/plan.js';
import { answerLintRequest, type LintAnswer, type LintBody } from './request.js';

export { BadRequest, readLintBody, type LintAnswer, type LintBody } from './request.js';

// The plan (configuration, rules) is made once; each request only lints. No state is kept
// between requests, so copies of the service can run side by side.

/** Short drafts in each language, linted at start so that the first request finds every check compiled. */
const WARM_UP: { reply: string; in_reply_to: string }[] = [
  {
    reply: 'Hi, sorry about the wait. We are looking into it and will write back today.',
    in_reply_to: 'My order is late and nobody answers. Why?',
  },
  {
    reply: 'Bonjour, désolés pour l’attente. Nous regardons et revenons vers vous aujourd’hui.',
    in_reply_to: 'Ma commande est en retard et personne ne répond. Pourquoi ?',
  },
];

/** The pre-send check as a function of one JSON request (the HTTP layer is src/serve/server.ts). */
export class LintService {
  private constructor(private readonly plan: FilePlan) {}

  /** Reads the configuration (from the current folder, or --config) and loads the rules, once. */
  static async start(choices: PlanChoices): Promise<LintService> {
    const service = new LintService(new Planner(choices).forFile(undefined));
    for (const body of WARM_UP) await service.lint(body);
    return service;
  }

  get ruleCount(): number {
    return new Set(this.plan.rules.map((r) => r.id)).size;
  }

  lint(body: LintBody): Promise<LintAnswer> {
    return answerLintRequest(body, this.plan);
  }
}
