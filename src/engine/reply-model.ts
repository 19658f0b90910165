import type { FieldReader } from '../core/fields.js';
import type { ReplyDocument } from '../document/document.js';
import { loadModel, modelsAvailable, scoreSpan, textProbabilities, type LinearModel } from '../model/index.js';
import type { Lang } from '../lang/detect.js';
import { hasMatch } from './pattern/index.js';
import type { Check, CompileEnv, RawMatch } from './rule.js';

/**
 * A trained reading of the whole reply next to a rule's patterns (fields of any word rule):
 *
 *   reply_model: reply       # models/<name>-<lang>.bin (npm run train)
 *   reply_label: deflects    # what the rule is about, as the model reads the reply
 *   reply_gate: 0.15         # a finding of the patterns stands only if the model gives the label
 *                            # at least this probability (patterns find the words, the model
 *                            # judges the reply: "a link" is not "only a link")
 *   reply_alone: 0.85        # from this probability the model flags the reply by itself, on
 *                            # the words that carried the score (optional)
 *
 * Patterns cannot tell "Try these steps: LINK" from "See LINK"; a model over the whole reply,
 * trained on replies the team wrote (training/reply/), can. The weights are read at the first
 * reply that reaches the rule, so a run that never gets there never reads them.
 *
 * The model's own findings (reply_alone) obey the rule's `unless` patterns over the whole reply:
 * a reply that asks the person about their case does not "only send them elsewhere", however
 * sure a bag of words is (the definition of the rule, not a threshold).
 */
export function withReplyModel(reader: FieldReader, env: CompileEnv, check: Check): Check {
  if (!reader.has('reply_model')) return check;
  const name = reader.string('reply_model');
  const label = reader.string('reply_label');
  const gate = reader.number('reply_gate', 0, { min: 0, max: 1 });
  const alone = reader.has('reply_alone') ? reader.number('reply_alone', 1, { min: 0, max: 1 }) : undefined;
  const lang: Lang = env.lang;
  // Compiled at the first finding of the model's own: most runs never get there.
  let unless: RegExp[] | undefined;
  const excused = (text: string): boolean =>
    (unless ??= reader.has('unless') ? env.patterns(reader, 'unless') : []).some((u) => hasMatch(u, text));
  let model: LinearModel | undefined;
  const modelFor = (): LinearModel => {
    if (model) return model;
    model = loadModel(name, lang);
    if (!model.labels.includes(label)) throw new Error(`${name}-${lang}: the model has no label '${label}'`);
    return model;
  };
  // The probability alone decides; the words that carried it (an explanation pass) are worked
  // out only for a finding of the model's own.
  // Shared with the other rules of the model and the tone model (src/model: one tokenization and
  // one pass over the weights per model and reply).
  const probability = (doc: ReplyDocument): number => {
    const m = modelFor();
    return textProbabilities(m, doc.text)[m.labels.indexOf(label)] ?? 0;
  };
  return (input) => {
    const found = check(input);
    // Without weights (the browser build) the check's own findings stand.
    if ((found.length === 0 && alone === undefined) || !modelsAvailable()) return found;
    const p = probability(input.doc);
    if (found.length > 0) return p >= gate ? found : [];
    if (p < alone!) return [];
    if (excused(input.doc.text)) return [];
    const { words } = scoreSpan(modelFor(), input.doc.text, { start: 0, end: input.doc.text.length }, [label]);
    return [{ span: words, vars: { score: p.toFixed(2) } } satisfies RawMatch];
  };
}
