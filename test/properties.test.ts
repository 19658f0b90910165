import fc from 'fast-check';
import { describe, it } from 'vitest';
import { loadBuiltinRules } from '../src/rules/builtin.js';
import { checkDiagnostics, checkDocument, checkRuleFile, replyFormat, replyText, ruleFileText } from '../src/tools/invariants.js';

// Bounded runs keep the suite fast; `npm run fuzz` runs the same properties for longer.
const ruleSet = loadBuiltinRules();

describe('properties over random input', () => {
  it('the document model keeps the source length and every span inside it', async () => {
    await fc.assert(fc.asyncProperty(replyText, replyFormat, checkDocument), { numRuns: 200 });
  });

  it('diagnostics lie inside the input, agree with LineIndex, round-trip through JSON, and are deterministic', async () => {
    await fc.assert(
      fc.asyncProperty(replyText, replyFormat, fc.option(replyText, { nil: undefined }), (text, format, inReplyTo) => checkDiagnostics(text, format, ruleSet, inReplyTo)),
      { numRuns: 200 },
    );
  });

  it('a random rule file loads or fails with a located RuleFileError, never another exception', () => {
    fc.assert(fc.property(ruleFileText, (text) => checkRuleFile(text, ruleSet)), { numRuns: 300 });
  });
});
