/**
 * node dist/tools/bench-lines.js [--passes N] [FILE.jsonl]: the per-reply cost of `replylint
 * audit` without start-up and warm-up. The audit's per-line function (as `--workers 1` runs it,
 * rules loaded once) goes over the bench corpus (or FILE) N times in one process; it prints the
 * CPU time of the first pass (regexes compiled and code optimised on the way) and the median of
 * the others. CPU time (user + system), because this machine's cores are shared; nothing here
 * asserts a time.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAuditor } from '../audit/auditor.js';
import { Planner } from '../run/plan.js';
import { DEFAULT_FIELDS } from '../sources/jsonl.js';
import { evalReplies, generateReplies } from './corpus.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const passesAt = args.indexOf('--passes');
const passes = Math.max(2, passesAt === -1 ? 7 : Number(args[passesAt + 1]));
const file = args.filter((_, i) => passesAt === -1 || (i !== passesAt && i !== passesAt + 1))[0];

function corpusLines(): string[] {
  if (file) return readFileSync(file, 'utf8').split('\n');
  const replies = [...generateReplies(4000), ...evalReplies(resolve(ROOT, '..', 'shared', 'eval'))];
  return replies.map((r) => JSON.stringify(r));
}

const lines = corpusLines().filter((l) => l.trim() !== '');
const plan = new Planner({ rulesDirs: [], only: [], disabled: [] }).forFile(file);
const audit = createAuditor(
  {
    fields: DEFAULT_FIELDS,
    ruleDirs: plan.config.rulesDirs,
    levels: Object.fromEntries(plan.rules.map((r) => [`${r.lang}/${r.id}`, r.level])),
    settings: plan.settings,
    lang: plan.lang,
  },
  plan.ruleSet,
);

const cpuSeconds: number[] = [];
for (let pass = 0; pass < passes; pass++) {
  const before = process.cpuUsage();
  for (let i = 0; i < lines.length; i++) audit(lines[i]!, i + 1);
  const used = process.cpuUsage(before);
  cpuSeconds.push((used.user + used.system) / 1e6);
}
const warm = cpuSeconds.slice(1).sort((a, b) => a - b)[Math.floor((passes - 1) / 2)]!;
const rate = (seconds: number) => Math.round(lines.length / seconds).toLocaleString('en');
process.stdout.write(
  `${lines.length.toLocaleString('en')} replies, ${passes} passes in one process (CPU time)\n` +
    `first pass: ${cpuSeconds[0]!.toFixed(2)} s, ${rate(cpuSeconds[0]!)} replies/s\n` +
    `warm passes (median of ${passes - 1}): ${warm.toFixed(2)} s, ${rate(warm)} replies/s, ${((warm / lines.length) * 1e6).toFixed(1)} us per reply\n`,
);
