import { describe, expect, it } from 'vitest';
import { cli, patternRule, tempTree } from './helpers.js';

const userRule = (patterns: string[]) => patternRule(patterns, { flag: ['sorry for the delay'], pass: ['thanks'] });

// Input on which a backtracking engine runs for minutes with these patterns.
const ATTACK = `${'a'.repeat(40000)}!`;

describe('user rules with catastrophic regular expressions (ReDoS)', () => {
  for (const [pattern, line] of [
    ['(a+)+$', 8],
    ['(.*a){20}', 8],
    ['(a|aa)+b', 8],
    ['(\\w+\\s?)+$', 8],
  ] as const) {
    it(`rejects ${pattern} at load time, naming file, line and pattern`, () => {
      const dir = tempTree({ 'en/custom.yml': userRule(['sorry for the delay', pattern]) });
      const r = cli(['--rules', dir], { input: ATTACK });
      // Without the check the rule loads (exit 0 or 1); (a+)+$, (a|aa)+b and (\w+\s?)+$ then run
      // on ATTACK until the spawn timeout (code null).
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${dir}/en/custom.yml:${line}:5: field 'patterns.1': unsafe regular expression`);
      expect(r.stderr).toContain(pattern);
      expect(r.stderr).toContain('ReDoS');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('accepts safe user patterns and lints a long input with them', () => {
    const dir = tempTree({ 'en/custom.yml': userRule(['sorry (for|about) the (delay|wait)s?', 'apolog\\w*']) });
    const r = cli(['--rules', dir, '--rule', 'custom', '--format', 'json'], {
      input: `${ATTACK}\nSorry about the delay.`,
    });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).map((d: { match: string }) => d.match)).toEqual(['Sorry about the delay']);
  });

  it('accepts the built-in {sentence-start} macro in user patterns', () => {
    const dir = tempTree({ 'en/custom.yml': userRule(['{sentence-start}really\\?', 'sorry for the delay']) });
    const r = cli(['--rules', dir, '--rule', 'custom', '--format', 'json'], { input: 'Ok. Really? Not really?' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).map((d: { column: number }) => d.column)).toEqual([5]);
  });

  it('checks regex swaps of substitution rules too', () => {
    const rule = [
      'id: custom',
      'tip: 4',
      'type: substitution',
      'regex: true',
      "message: \"'{match}' → '{replacement}'\"",
      'swap:',
      "  '(a+)+b': c",
      'examples:',
      '  flag: ["ab"]',
      '  pass: ["c"]',
      '',
    ].join('\n');
    const dir = tempTree({ 'en/custom.yml': rule });
    const r = cli(['--rules', dir], { input: ATTACK });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/custom\.yml:7:\d+: field 'swap\.\(a\+\)\+b': unsafe regular expression/);
  });
});

describe('hostile rule files', () => {
  it('reports a YAML alias bomb at the file instead of expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
    ])
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    const dir = tempTree({ 'en/bomb.yml': `${levels.join('\n')}\nid: bomb\n` });
    const r = cli(['--rules', dir], { input: 'hi' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${dir}/en/bomb.yml:1:1: cannot be used: Excessive alias count`);
    expect(r.stderr).not.toContain('internal error');
  });

  it('reports a folder named like a rule file', () => {
    const dir = tempTree({ 'en/folder.yml/inner.txt': 'x' });
    const r = cli(['--rules', dir], { input: 'hi' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`replylint: ${dir}/en/folder.yml:1:1: cannot be used: is a directory\n`);
  });
});
