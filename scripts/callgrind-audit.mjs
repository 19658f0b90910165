// node scripts/callgrind-audit.mjs BUILD FILE.jsonl WARM MEASURED MARK: the audit's per-line
// function of BUILD (a folder with dist/, rules/, signals/, models/), WARM passes over FILE, then
// MEASURED passes, waiting before and after them until MARK.warm.ok and MARK.done.ok exist (it
// writes MARK.warm and MARK.done when it gets there). Run under valgrind by
// scripts/callgrind-audit.sh, which zeroes callgrind's counters at the first wait and dumps them
// at the second: the instructions of warm passes alone, whatever the load of the machine.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, file, warm, measured, mark] = process.argv.slice(2);
const lines = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');
const load = (path) => import(pathToFileURL(resolve(root, 'dist', path)).href);
const { createAuditor } = await load('audit/auditor.js');
const { Planner } = await load('run/plan.js');
const { DEFAULT_FIELDS } = await load('sources/jsonl.js');
const plan = new Planner({ rulesDirs: [], only: [], disabled: [] }).forFile(undefined);
const levels = Object.fromEntries(plan.rules.map((r) => [`${r.lang}/${r.id}`, r.level]));
const setup = { fields: DEFAULT_FIELDS, ruleDirs: plan.config.rulesDirs, levels, settings: plan.settings };
const audit = createAuditor({ ...setup, lang: plan.lang }, plan.ruleSet);
const cell = new Int32Array(new SharedArrayBuffer(4));
// Blocked in the kernel while waiting: no instructions counted.
const waitFor = (name) => {
  writeFileSync(`${mark}.${name}`, '');
  while (!existsSync(`${mark}.${name}.ok`)) Atomics.wait(cell, 0, 0, 200);
};
let bytes = 0;
const passes = (count) => {
  for (let p = 0; p < count; p++)
    for (let i = 0; i < lines.length; i++) bytes += audit(lines[i], i + 1).output?.length ?? 0;
};
passes(Number(warm));
waitFor('warm');
passes(Number(measured));
waitFor('done');
process.stdout.write(`${bytes} bytes of output\n`);
