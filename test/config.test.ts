import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, inconvenienceRule, tempTree } from './helpers.js';

const BLAME = 'This is your fault. Read the FAQ before complaining.';
const SHOUT = 'Thanks for waiting. This is NOT OUR PROBLEM at all.';
const THREAT = 'Keep this up and we will ban you.';

/** A temporary repository (a .git folder marks its root) with the given files. */
function repo(files: Record<string, string>): string {
  const dir = tempTree(files);
  mkdirSync(join(dir, '.git'));
  return dir;
}

function rulesOf(stdout: string): string[] {
  return [...new Set(JSON.parse(stdout).map((d: { rule: string }) => d.rule))].sort() as string[];
}

function lintJson(dir: string, args: string[], input?: string) {
  const r = cli(['--format', 'json', ...args], { cwd: dir, input });
  return { ...r, rules: r.stdout ? rulesOf(r.stdout) : [] };
}

describe('configuration discovery', () => {
  it('uses the nearest configuration file from each input up to the repository root', () => {
    const dir = repo({
      '.replylintrc.yml': 'rules:\n  hostile-tone: off\n',
      'top.txt': BLAME,
      'team/.replylintrc.json': '{ "rules": { "deletion-threat": "off" } }',
      'team/nested/deep/r.txt': `${BLAME} ${THREAT}`,
    });
    expect(lintJson(dir, ['top.txt']).rules).toEqual([]);
    // The nearest file wins: team/ turns threats off and does not inherit the root's settings.
    expect(lintJson(dir, ['team/nested/deep/r.txt']).rules).toEqual(['hostile-tone']);
  });

  it('stops at the repository root (the folder with .git)', () => {
    const outer = tempTree({ '.replylintrc.yml': 'rules:\n  hostile-tone: off\n', 'inner/r.txt': BLAME });
    expect(lintJson(outer, ['inner/r.txt']).rules).toEqual([]);
    mkdirSync(join(outer, 'inner', '.git'));
    expect(lintJson(outer, ['inner/r.txt']).rules).toEqual(['hostile-tone']);
  });

  it('reads the replylint key of package.json, and ignores a package.json without it', () => {
    const dir = repo({
      'package.json': JSON.stringify({ name: 'x', replylint: { rules: { 'hostile-tone': 'off' } } }),
      'r.txt': BLAME,
      'plain/package.json': JSON.stringify({ name: 'y' }),
      'plain/r.txt': BLAME,
    });
    expect(lintJson(dir, ['r.txt']).rules).toEqual([]);
    expect(lintJson(dir, ['plain/r.txt']).rules).toEqual([]);
  });

  it('searches from the current folder for stdin', () => {
    const dir = repo({ '.replylintrc.yaml': 'rules:\n  hostile-tone: off\n' });
    expect(lintJson(dir, [], BLAME).rules).toEqual([]);
    expect(lintJson(tempTree({ '.git/HEAD': '' }), [], BLAME).rules).toEqual(['hostile-tone']);
  });

  it('--config replaces discovery', () => {
    const dir = repo({
      // the family off, deletion-threat (a member) kept: an id beats its family
      '.replylintrc.yml': 'rules:\n  hostile-tone: off\n  deletion-threat: error\n',
      'ci/strict.yml': 'rules:\n  deletion-threat: off\n',
      'r.txt': `${BLAME} ${THREAT}`,
    });
    expect(lintJson(dir, ['r.txt']).rules).toEqual(['deletion-threat']);
    expect(lintJson(dir, ['--config', 'ci/strict.yml', 'r.txt']).rules).toEqual(['hostile-tone']);
    const missing = cli(['--config', 'nope.yml', 'r.txt'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--config nope.yml: no such file');
  });
});

describe('configuration settings', () => {
  it('extends another file, merged underneath', () => {
    const dir = repo({
      'shared/base.yml': 'rules:\n  hostile-tone: off\n  shouting: error\n',
      'team/.replylintrc.yml': 'extends: ../shared/base.yml\nrules:\n  shouting: suggestion\n',
      'team/r.txt': `${BLAME} ${SHOUT}`,
    });
    const r = lintJson(dir, ['team/r.txt']);
    expect(r.rules).toEqual(['shouting']);
    expect(JSON.parse(r.stdout)[0].level).toBe('suggestion');
    expect(r.code).toBe(0); // a suggestion does not fail the run
  });

  it('applies overrides to the files their globs match, after the file-wide settings', () => {
    const dir = repo({
      '.replylintrc.yml': [
        'rules:',
        '  hostile-tone: off',
        'overrides:',
        '  - files: ["drafts/**"]',
        '    rules:',
        '      hostile-tone: error',
      ].join('\n'),
      'drafts/today/r.txt': BLAME,
      'sent/r.txt': BLAME,
    });
    const drafts = lintJson(dir, ['drafts', 'sent']);
    expect(JSON.parse(drafts.stdout).map((d: { file: string; level: string }) => [d.file, d.level])).toEqual([
      ['drafts/today/r.txt', 'error'],
      ['drafts/today/r.txt', 'error'],
    ]);
  });

  it('turns a rule family off, while a rule named by its id keeps its own setting', () => {
    const dir = repo({
      '.replylintrc.yml': 'rules:\n  hostile-tone: off\n  shouting: { level: error }\n',
      'r.txt': `${BLAME} ${SHOUT}`,
    });
    const r = lintJson(dir, ['r.txt']);
    expect(r.rules).toEqual(['shouting']);
    expect(JSON.parse(r.stdout)[0].level).toBe('error');
  });

  it('does not lint files matched by ignore (globs without a slash match in any folder)', () => {
    const dir = repo({
      '.replylintrc.yml': 'ignore: ["archive/**", "*.old.txt"]\n',
      'archive/2020/r.txt': BLAME,
      'team/r.old.txt': BLAME,
      'team/r.txt': BLAME,
    });
    const r = lintJson(dir, ['.']);
    expect([...new Set(JSON.parse(r.stdout).map((d: { file: string }) => d.file))]).toEqual(['team/r.txt']);
  });

  it('accepts the vocabulary in every rule: a product name in capitals is not shouting', () => {
    const reply = 'Good news: ROCKET BOX ULTRA ships today. Sorry again, THIS WAS OUR MISTAKE.';
    const dir = repo({ '.replylintrc.yml': 'vocabulary: ["ROCKET BOX ULTRA"]\n', 'r.txt': reply });
    const matches = JSON.parse(lintJson(dir, ['r.txt']).stdout).map((d: { match: string }) => d.match);
    expect(matches).toEqual(['THIS WAS OUR MISTAKE']);
    const without = JSON.parse(cli(['--format', 'json'], { input: reply }).stdout).map(
      (d: { match: string }) => d.match,
    );
    expect(without).toContain('ROCKET BOX ULTRA');
  });

  it('takes lang from the configuration; command-line flags override it', () => {
    const dir = repo({
      '.replylintrc.yml': 'lang: fr\nrules:\n  deletion-threat: off\n',
      'r.txt': `${BLAME} ${THREAT}`,
    });
    expect(lintJson(dir, ['r.txt']).rules).not.toContain('hostile-tone'); // read as French
    expect(lintJson(dir, ['--lang', 'en', 'r.txt']).rules).toEqual(['hostile-tone']);
    // --rule runs a rule even when the configuration turns it off.
    expect(lintJson(dir, ['--lang', 'en', '--rule', 'deletion-threat', 'r.txt']).rules).toEqual(['deletion-threat']);
  });

  it('loads rulesDirs relative to the configuration file', () => {
    const dir = repo({
      'config/.replylintrc.yml': 'rulesDirs: [../team-rules]\n',
      'team-rules/en/no-inconvenience.yml': inconvenienceRule('no-inconvenience'),
      'config/r.txt': 'We apologise for any inconvenience.',
    });
    expect(lintJson(dir, ['config/r.txt']).rules).toContain('no-inconvenience');
  });
});

describe('configuration errors (exit 2, with file, line, column and field)', () => {
  const cases: [string, string, string, RegExp][] = [
    [
      'an unknown key',
      '.replylintrc.yml',
      'rules: {}\nbrnad: {name: Acme}\n',
      /\.replylintrc\.yml:2:8: field 'brnad': unknown field/,
    ],
    [
      'a bad level',
      '.replylintrc.yml',
      'rules:\n  shouting: loud\n',
      /\.replylintrc\.yml:2:13: field 'rules\.shouting': must be one of: off, suggestion, warning, error/,
    ],
    [
      'an unknown rule',
      '.replylintrc.yml',
      'rules:\n  shoutng: off\n',
      /\.replylintrc\.yml:2:12: field 'rules\.shoutng': unknown rule or family 'shoutng'/,
    ],
    [
      'an unknown brand field',
      '.replylintrc.yml',
      'brand:\n  name: Acme\n  vioce: I\n',
      /:3:10: field 'brand\.vioce': unknown field/,
    ],
    ['a bad voice', '.replylintrc.yml', 'brand:\n  voice: us\n', /:2:10: field 'brand\.voice': must be one of: we, I/],
    [
      'a bad override',
      '.replylintrc.yml',
      'overrides:\n  - files: ["a/**"]\n    ignore: ["b"]\n',
      /:3:13: field 'overrides\.0\.ignore': not allowed in overrides/,
    ],
    [
      'invalid YAML',
      '.replylintrc.yml',
      'rules:\n  shouting: [off\n',
      /\.replylintrc\.yml:\d+:\d+: not valid YAML\/JSON/,
    ],
    [
      'JSON',
      '.replylintrc.json',
      '{\n  "mode": "final"\n}\n',
      /\.replylintrc\.json:2:11: field 'mode': must be one of: draft, template/,
    ],
    [
      'package.json',
      'package.json',
      '{\n  "name": "x",\n  "replylint": { "responseTargetMinutes": -5 }\n}\n',
      /package\.json:3:43: field 'replylint\.responseTargetMinutes': must be at least 1/,
    ],
    [
      'a missing base',
      '.replylintrc.yml',
      'extends: ./base.yml\n',
      /\.replylintrc\.yml:1:10: field 'extends': file not found/,
    ],
  ];
  for (const [what, name, content, expected] of cases) {
    it(`reports ${what}`, () => {
      const dir = repo({ [name]: content, 'r.txt': BLAME });
      const r = cli(['r.txt'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(expected);
      expect(r.stdout).toBe('');
    });
  }

  it('reports a circular extends', () => {
    const dir = repo({
      '.replylintrc.yml': 'extends: a.yml\n',
      'a.yml': 'extends: .replylintrc.yml\n',
      'r.txt': BLAME,
    });
    const r = cli(['r.txt'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/field 'extends': circular/);
  });
});

describe('replylint print-config', () => {
  it('prints the resolved configuration for a file as JSON', () => {
    const dir = repo({
      'base.yml': 'brand: {name: Acme Support, handles: ["@acme"]}\nvocabulary: [ACME]\n',
      '.replylintrc.yml': [
        'extends: base.yml',
        'brand: {voice: I}',
        'responseTargetMinutes: 60',
        'vocabulary: [FastTrack]',
        'rules: {hostile-tone: off}',
        'overrides:',
        '  - files: ["templates/**"]',
        '    mode: template',
        '    rules: {shouting: error}',
      ].join('\n'),
    });
    const r = cli(['print-config', 'templates/welcome.md'], { cwd: dir });
    expect(r.code).toBe(0);
    const config = JSON.parse(r.stdout);
    expect(config).toMatchObject({
      config: join(dir, '.replylintrc.yml'),
      extends: [join(dir, 'base.yml')],
      ignored: false,
      brand: { name: 'Acme Support', handles: ['@acme'], voice: 'I' },
      responseTargetMinutes: 60,
      vocabulary: ['ACME', 'FastTrack'],
      mode: 'template',
    });
    expect(config.rules).toMatchObject({
      'hostile-tone': 'off',
      'dismissive-reply': 'off',
      shouting: 'error',
      'deletion-threat': 'off', // a member of the family, which is off
    });
    const elsewhere = JSON.parse(cli(['print-config', 'sent/a.txt'], { cwd: dir }).stdout);
    expect(elsewhere.mode).toBeUndefined();
    expect(elsewhere.rules.shouting).toBe('off'); // its family is off, and no override names it here
  });

  it('honours --config and reports configuration errors with exit 2', () => {
    const dir = repo({ 'x.yml': 'mode: draft\n', 'bad.yml': 'mode: 3\n' });
    expect(JSON.parse(cli(['print-config', '--config', 'x.yml', 'r.txt'], { cwd: dir }).stdout).mode).toBe('draft');
    const bad = cli(['print-config', '--config', 'bad.yml', 'r.txt'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yml:1:7: field 'mode'/);
  });
});
