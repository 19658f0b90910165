import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, patternRule, tempTree } from './helpers.js';

// Issue 12, H5 and H11: every user pattern with a quantifier is analysed; verdicts are bounded by
// steps (not the clock) and kept by pattern text across runs.

const userRule = (patterns: string[]) => patternRule(patterns, { flag: ['thanks   you'], pass: ['hello'] });

describe('ReDoS guard', { timeout: 120000 }, () => {
  it('analyses patterns whose only quantifier is \\s+ (x\\s+\\s+…y is polynomial)', () => {
    for (const pattern of ['x\\s+\\s+\\s+\\s+\\s+\\s+\\s+\\s+\\s+\\s+y', 'thanks\\s+\\s+you']) {
      const cache = tempTree({});
      const dir = tempTree({ 'en/custom.yml': userRule(['thanks you', pattern]) });
      const r = cli(['--rules', dir, '--rule', 'custom'], { input: 'thanks you', env: { REPLYLINT_CACHE_DIR: cache } });
      expect(r.code, pattern).toBe(2);
      expect(r.stderr).toContain("field 'patterns.1': unsafe regular expression: may backtrack catastrophically (");
      expect(r.stderr).toMatch(/polynomial time, ReDoS/);
    }
  });

  it('keeps each verdict by pattern text in the cache folder, and the next run reads it there', () => {
    const cache = tempTree({});
    const dir = tempTree({ 'en/custom.yml': userRule(['thanks\\s+you']) });
    const first = cli(['--rules', dir, '--rule', 'custom'], {
      input: 'thanks   you',
      env: { REPLYLINT_CACHE_DIR: cache },
    });
    expect(first.code).toBe(1);
    const [file] = readdirSync(cache).filter((name) => name.startsWith('regex-verdicts-'));
    const verdicts = JSON.parse(readFileSync(join(cache, file!), 'utf8'));
    expect(verdicts).toEqual({ 'iu/thanks\\s+you': null });
    // A verdict planted in the cache is what the next run reports: it does not analyse again.
    writeFileSync(join(cache, file!), JSON.stringify({ 'iu/thanks\\s+you': 'planted verdict' }));
    const second = cli(['--rules', dir, '--rule', 'custom'], {
      input: 'thanks   you',
      env: { REPLYLINT_CACHE_DIR: cache },
    });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('unsafe regular expression: planted verdict');
  });
});
