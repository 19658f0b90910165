/**
 * npm run fuzz [-- --seconds N] [--seed S] [--target document|lint|rules|markdown|findings|duplicates|encodings|escapes|collections]: runs the invariants
 * of src/tools/invariants.ts on random input for a bounded time (default 20 s, split between the
 * targets). Prints how many cases ran per target and, for a failure, the seed, the shrunk input
 * and the error; exits 1 when anything failed. The same seed replays the same cases.
 */
import fc from 'fast-check';
import { loadBuiltinRules } from '../rules/builtin.js';
import { properties } from './invariants.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seconds = Number(option('seconds') ?? 20);
const seed = Number(option('seed') ?? Date.now() % 2 ** 31);
const only = option('target');
if (!(seconds > 0) || !Number.isInteger(seed)) {
  process.stderr.write(
    'usage: npm run fuzz -- [--seconds N] [--seed S] [--target document|lint|rules|markdown|findings|duplicates|encodings|escapes|collections]\n',
  );
  process.exit(2);
}

const ruleSet = loadBuiltinRules();
const targets = Object.fromEntries(properties(ruleSet).map((p) => [p.name, p.property]));
const chosen = only ? [only] : Object.keys(targets);
if (chosen.some((t) => !targets[t])) {
  process.stderr.write(`unknown target; one of: ${Object.keys(targets).join(', ')}\n`);
  process.exit(2);
}

let failed = false;
process.stdout.write(`fuzz: seed ${seed}, ${seconds} s over ${chosen.join(', ')}\n`);
for (const name of chosen) {
  const details = await fc.check(targets[name]!(), {
    seed,
    numRuns: Number.MAX_SAFE_INTEGER,
    interruptAfterTimeLimit: (seconds * 1000) / chosen.length,
    markInterruptAsFailure: false,
  });
  process.stdout.write(`${name}: ${details.numRuns} cases${details.failed ? ', FAILED' : ', no failure'}\n`);
  if (details.failed) {
    failed = true;
    process.stdout.write(`  seed ${details.seed}, path ${details.counterexamplePath}\n`);
    process.stdout.write(`  input: ${JSON.stringify(details.counterexample)}\n`);
    process.stdout.write(
      `  error: ${String(details.errorInstance ?? 'unknown')
        .split('\n')
        .slice(0, 6)
        .join('\n  ')}\n`,
    );
  }
}
process.exitCode = failed ? 1 : 0;
