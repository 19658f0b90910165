// node scripts/pair-audit.mjs BUILD_A BUILD_B FILE.jsonl [PASSES]: the warm per-reply cost of two
// builds of replylint, paired in one process. BUILD_A and BUILD_B are folders holding a build
// (dist/, rules/, signals/, models/; e.g. this checkout and a copy of main's after `npm run build`).
// Both builds' audit per-line functions (as `npm run bench:lines` runs them) are loaded side by
// side; the archive FILE (e.g. the bench corpus, as `npm run bench` writes it) is cut in blocks of
// 128 lines, each block audited by one build then the other (in turns), and CPU time is summed per
// build, so that the load of a shared machine falls on both alike. Prints the first pass of each
// and, for each later pass, the B/A ratio of CPU time, then their median. A build paired with
// itself gives 1.00, one pass within about ±5% on a loaded two-core machine. Nothing asserts a
// time. The two outputs' lengths are compared: a difference is printed (not a speed question).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [a, b, file, passesArg = '8'] = process.argv.slice(2);
if (!a || !b || !file) {
  process.stderr.write('usage: node scripts/pair-audit.mjs BUILD_A BUILD_B FILE.jsonl [PASSES]\n');
  process.exit(2);
}
const lines = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');

async function auditorOf(root) {
  const load = (path) => import(pathToFileURL(resolve(root, 'dist', path)).href);
  const { createAuditor } = await load('audit/auditor.js');
  const { Planner } = await load('run/plan.js');
  const { DEFAULT_FIELDS } = await load('sources/jsonl.js');
  const plan = new Planner({ rulesDirs: [], only: [], disabled: [] }).forFile(undefined);
  const levels = Object.fromEntries(plan.rules.map((r) => [`${r.lang}/${r.id}`, r.level]));
  const setup = { fields: DEFAULT_FIELDS, ruleDirs: plan.config.rulesDirs, levels, settings: plan.settings };
  return createAuditor({ ...setup, lang: plan.lang }, plan.ruleSet);
}

const audits = [await auditorOf(a), await auditorOf(b)];
const cpu = () => {
  const used = process.cpuUsage();
  return used.user + used.system;
};

/** One pass over the archive: CPU µs per reply of each build, and the length of each one's output. */
function pass() {
  const time = [0, 0];
  const output = [0, 0];
  for (let start = 0, block = 0; start < lines.length; start += 128, block++) {
    const end = Math.min(lines.length, start + 128);
    for (const k of block % 2 ? [1, 0] : [0, 1]) {
      const before = cpu();
      for (let i = start; i < end; i++) {
        const outcome = audits[k](lines[i], i + 1);
        // Read the last character: a record built by concatenation is then made flat, as a write would.
        if (outcome.output)
          output[k] += outcome.output.length + (outcome.output.charCodeAt(outcome.output.length - 1) & 0);
      }
      time[k] += cpu() - before;
    }
  }
  if (output[0] !== output[1]) process.stdout.write(`outputs differ in length: ${output[0]} against ${output[1]}\n`);
  return time.map((t) => t / lines.length);
}

const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
const first = pass();
process.stdout.write(`first pass, µs a reply: A ${first[0].toFixed(1)}, B ${first[1].toFixed(1)}\n`);
const ratios = [];
const times = [[], []];
for (let p = 0; p < Number(passesArg); p++) {
  const [ta, tb] = pass();
  times[0].push(ta);
  times[1].push(tb);
  ratios.push(tb / ta);
}
process.stdout.write(
  `warm passes, µs a reply (median): A ${median(times[0]).toFixed(1)}, B ${median(times[1]).toFixed(1)}\n` +
    `B/A per pass: ${ratios.map((r) => r.toFixed(3)).join(' ')}\nB/A median: ${median(ratios).toFixed(3)}\n`,
);
