import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, patternRule, tempTree } from './helpers.js';

// Issue 12, U1 and H11: the worker threads of `audit` report a rule file they cannot use as the
// user's error (exit 2, named at the file), and read the ReDoS verdicts the main thread cached
// instead of analysing every pattern again.

const archive = (n: number) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ id: `r${i}`, reply: i % 2 ? 'thanks aaa you' : 'Hello.' })).join(
    '\n',
  ) + '\n';

describe('audit worker threads', { timeout: 120000 }, () => {
  it('read the cached verdicts: a verdict planted in the cache is what every worker uses', () => {
    const cache = tempTree({});
    const rule = patternRule(['thanks (?:a+)+ you'], { flag: ['thanks aaa you'], pass: ['hello'] });
    const dir = tempTree({ 'rules/custom.yml': rule, 'archive.jsonl': archive(400) });
    const args = ['audit', '--workers', '2', '--batch', '10', '--rules', join(dir, 'rules'), '--rule', 'custom'];
    const first = cli([...args, join(dir, 'archive.jsonl')], { env: { REPLYLINT_CACHE_DIR: cache } });
    // Nested repetition: rejected, by the main thread, named at the file.
    expect(first.code).toBe(2);
    expect(first.stderr).toContain("custom.yml:7:5: field 'patterns.0': unsafe regular expression");
    // A "safe" verdict planted for it: the main thread and both workers read it, none analyses again
    // (a worker that did would reject the rule, and the run would stop with exit 2).
    const [file] = readdirSync(cache).filter((name) => name.startsWith('regex-verdicts-'));
    writeFileSync(join(cache, file!), JSON.stringify({ 'iu/thanks (?:a+)+ you': null }));
    const second = cli([...args, join(dir, 'archive.jsonl')], { env: { REPLYLINT_CACHE_DIR: cache } });
    expect(second.stderr).not.toContain('replylint:');
    expect(second.stderr).toContain('400 replies audited, 200 flagged');
    expect(second.code).toBe(1);
    expect(second.stdout.trim().split('\n')).toHaveLength(200);
  });
});

describe('the worker pool', { timeout: 60000 }, () => {
  it("reports a worker's rule file error as a RuleFileError naming the file, not an internal error", async () => {
    // The built pool and error class (the pool starts dist/audit/worker.js).
    const { WorkerPool } = await import('../dist/audit/pool.js');
    const { RuleFileError } = await import('../dist/core/errors.js');
    const { DEFAULT_FIELDS } = await import('../dist/sources/jsonl.js');
    // A rules folder the main thread never read: the workers meet its error first.
    const rule = patternRule(['order \\d{5}'], { flag: ['Your order 12 is late.'], pass: ['Thanks.'] });
    const dir = tempTree({ 'custom.yml': rule });
    const pool = new WorkerPool(2, { fields: DEFAULT_FIELDS, ruleDirs: [dir], levels: {} }, () => {});
    const failed = (async () => {
      await pool.submit([[1, JSON.stringify({ reply: 'Hello.' })]]);
      await pool.finish();
    })();
    const error = await failed.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RuleFileError);
    expect((error as Error).message).toBe(
      `${join(dir, 'custom.yml')}:9:10: field 'examples.flag.0': the rule does not flag this example: "Your order 12 is late." (check its patterns and when)`,
    );
  });
});
