import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadRuleFile, loadRuleSet } from '../src/rules/load.js';
import { RuleFileError } from '../src/core/errors.js';
import { PACKAGE_ROOT } from '../src/core/package.js';
import { tempTree } from './helpers.js';

const GOOD = [
  'id: sample-rule',
  'tip: 3',
  'level: warning',
  'type: existence',
  'message: "Found {match}."',
  'words: [foo]',
  'examples:',
  '  flag: ["a foo here"]',
  '  pass: ["nothing here"]',
];

function loadError(lines: string[], name = 'sample-rule.yml'): RuleFileError {
  const dir = tempTree({ [name]: lines.join('\n') });
  try {
    loadRuleFile(join(dir, name), 'en', new Map());
  } catch (error) {
    if (error instanceof RuleFileError) return error;
    throw error;
  }
  throw new Error('expected the rule to be rejected');
}

describe('rule loader', () => {
  it('loads a valid rule', () => {
    const dir = tempTree({ 'sample-rule.yml': GOOD.join('\n') });
    const [rule] = loadRuleFile(join(dir, 'sample-rule.yml'), 'en', new Map());
    expect(rule).toMatchObject({
      id: 'sample-rule',
      tip: 3,
      level: 'warning',
      type: 'existence',
      lang: 'en',
      family: 'sample-rule',
    });
  });

  it.each([
    ['a missing message', GOOD.filter((l) => !l.startsWith('message')), 'message', 1],
    ['a tip out of range', GOOD.map((l) => (l.startsWith('tip') ? 'tip: 11' : l)), 'tip', 2],
    ['an unknown level', GOOD.map((l) => (l.startsWith('level') ? 'level: fatal' : l)), 'level', 3],
    ['an unknown type', GOOD.map((l) => (l.startsWith('type') ? 'type: magic' : l)), 'type', 4],
    ['a misspelt field', [...GOOD, 'sugest: "x"'], 'sugest', 10],
    [
      'a bad regular expression',
      GOOD.map((l) => (l.startsWith('words') ? 'patterns: ["ok", "(unclosed"]' : l)),
      'patterns.1',
      6,
    ],
    ['missing pass examples', GOOD.filter((l) => !l.includes('pass')), 'examples.pass', 8],
    [
      'an example with an unknown field',
      GOOD.map((l) => (l.includes('pass') ? '  pass: [{reply: "x", context: "y"}]' : l)),
      'examples.pass.0.context',
      9,
    ],
  ])('reports %s with its file, line and field', (_what, lines, field, line) => {
    const error = loadError(lines);
    expect(error.field).toBe(field);
    expect(error.line).toBe(line);
    expect(error.column).toBeGreaterThanOrEqual(1);
    expect(error.message).toContain('sample-rule.yml:');
  });

  it('reports YAML syntax errors with their position', () => {
    const error = loadError(['id: sample-rule', 'tip: [1', 'type: existence']);
    expect(error.line).toBeGreaterThanOrEqual(2);
    expect(error.message).toContain('not valid YAML');
  });

  it('requires the id to match the file name', () => {
    expect(loadError(GOOD, 'other-name.yml').field).toBe('id');
  });

  it('rejects a when: naming an unknown signal', () => {
    const set = loadRuleSet({ builtinRoot: PACKAGE_ROOT });
    const dir = tempTree({ 'sample-rule.yml': [...GOOD, 'when: complaintt'].join('\n') });
    expect(() => loadRuleFile(join(dir, 'sample-rule.yml'), 'en', set.signals)).toThrow(/unknown signal 'complaintt'/);
  });

  it('lets a user rule replace a built-in rule of the same id', () => {
    const dir = tempTree({
      'en/deletion-threat.yml': GOOD.join('\n').replace('sample-rule', 'deletion-threat').replace('tip: 3', 'tip: 1'),
    });
    const set = loadRuleSet({ builtinRoot: PACKAGE_ROOT, extraDirs: [dir] });
    const threats = set.rules.filter((r) => r.id === 'deletion-threat' && r.lang === 'en');
    expect(threats).toHaveLength(1);
    expect(threats[0]!.file).toContain(dir);
  });
});
