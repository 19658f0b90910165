import fc from 'fast-check';
import { describe, it } from 'vitest';
import { loadBuiltinRules } from '../src/rules/builtin.js';
import { properties } from '../src/tools/invariants.js';

// Bounded runs keep the suite fast; `npm run fuzz` runs the same properties for longer.
const ruleSet = loadBuiltinRules();

// Issue 12 added the classes a hostile-input probe broke (Markdown, findings, duplicates,
// encodings, escapes, collections). One list for the suite and the fuzzer (src/tools/invariants.ts).
describe('properties over random input', () => {
  for (const { title, ciRuns, timeout, property } of properties(ruleSet)) {
    it(
      title,
      async () => {
        await fc.assert(property(), { numRuns: ciRuns });
      },
      timeout,
    );
  }
});
