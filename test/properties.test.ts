import fc from 'fast-check';
import { describe, it } from 'vitest';
import { loadBuiltinRules } from '../src/rules/builtin.js';
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
} from '../src/tools/invariants.js';

// Bounded runs keep the suite fast; `npm run fuzz` runs the same properties for longer.
const ruleSet = loadBuiltinRules();

describe('properties over random input', () => {
  it('the document model keeps the source length and every span inside it', async () => {
    await fc.assert(fc.asyncProperty(replyText, replyFormat, checkDocument), { numRuns: 200 });
  });

  it('diagnostics lie inside the input, agree with LineIndex, round-trip through JSON, and are deterministic', async () => {
    await fc.assert(
      fc.asyncProperty(replyText, replyFormat, fc.option(replyText, { nil: undefined }), (text, format, inReplyTo) =>
        checkDiagnostics(text, format, ruleSet, inReplyTo),
      ),
      { numRuns: 200 },
    );
  });

  it('a random rule file loads or fails with a located RuleFileError, never another exception', () => {
    fc.assert(
      fc.property(ruleFileText, (text) => checkRuleFile(text, ruleSet)),
      { numRuns: 300 },
    );
  });

  // Issue 12: the classes a hostile-input probe broke. Small fixed budgets here; npm run fuzz runs them longer.
  it('nested and pathological Markdown is read (or falls back to text over the bounds) and linted without an exception', async () => {
    await fc.assert(
      fc.asyncProperty(nestedMarkdown, (text) => checkNestedMarkdown(text, ruleSet)),
      { numRuns: 40 },
    );
  }, 120000);

  it('a flagged sentence repeated thousands of times gives a finding per copy', async () => {
    await fc.assert(
      fc.asyncProperty(repeatedSentence, (input) => checkRepeatedFindings(input, ruleSet)),
      { numRuns: 6 },
    );
  }, 120000);

  it('near-duplicate detection with many identical sets agrees with brute force', async () => {
    await fc.assert(
      fc.asyncProperty(duplicateSets, (sets) => checkDuplicates(sets)),
      { numRuns: 300 },
    );
  });

  it('odd encodings decode without an exception, and what decodes re-encodes to the same bytes', async () => {
    await fc.assert(fc.asyncProperty(oddBytes, checkDecode), { numRuns: 500 });
  });

  it('text made terminal-safe holds no control character', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 40 }), checkTerminalSafe), {
      numRuns: 500,
    });
  });
});
