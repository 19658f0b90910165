/**
 * npm run fuzz [-- --seconds N] [--seed S] [--target document|lint|rules|markdown|findings|duplicates|encodings|escapes]: runs the invariants
 * of src/tools/invariants.ts on random input for a bounded time (default 20 s, split between the
 * targets). Prints how many cases ran per target and, for a failure, the seed, the shrunk input
 * and the error; exits 1 when anything failed. The same seed replays the same cases.
 */
import fc from 'fast-check';
import { loadBuiltinRules } from '../rules/builtin.js';
import {
  checkDecode,
  checkDiagnostics,
  checkDocument,
  checkDuplicates,
  checkNestedMarkdown,
  checkRepeatedFindings,
  checkRuleFile,
  checkTerminalSafe,
  duplicateSets,
  nestedMarkdown,
  oddBytes,
  repeatedSentence,
  replyFormat,
  replyText,
  ruleFileText,
} from './invariants.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seconds = Number(option('seconds') ?? 20);
const seed = Number(option('seed') ?? Date.now() % 2 ** 31);
const only = option('target');
if (!(seconds > 0) || !Number.isInteger(seed)) {
  process.stderr.write(
    'usage: npm run fuzz -- [--seconds N] [--seed S] [--target document|lint|rules|markdown|findings|duplicates|encodings|escapes]\n',
  );
  process.exit(2);
}

const ruleSet = loadBuiltinRules();
const targets: Record<string, () => fc.IAsyncProperty<never> | fc.IProperty<never>> = {
  document: () => fc.asyncProperty(replyText, replyFormat, checkDocument) as never,
  lint: () =>
    fc.asyncProperty(replyText, replyFormat, fc.option(replyText, { nil: undefined }), (text, format, inReplyTo) =>
      checkDiagnostics(text, format, ruleSet, inReplyTo),
    ) as never,
  rules: () => fc.property(ruleFileText, (text) => checkRuleFile(text, ruleSet)) as never,
  markdown: () => fc.asyncProperty(nestedMarkdown, (text) => checkNestedMarkdown(text, ruleSet)) as never,
  findings: () => fc.asyncProperty(repeatedSentence, (input) => checkRepeatedFindings(input, ruleSet)) as never,
  duplicates: () => fc.asyncProperty(duplicateSets, (sets) => checkDuplicates(sets)) as never,
  encodings: () => fc.asyncProperty(oddBytes, checkDecode) as never,
  escapes: () => fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 80 }), checkTerminalSafe) as never,
};
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
