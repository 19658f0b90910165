import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempTree } from './helpers.js';

const THREAT_AND_JARGON = 'We apologize for any inconvenience. Keep this up and you will be banned.';

describe('CLI conventions (built binary)', () => {
  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(cli(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect(cli(['-V']).stdout).toBe(`${version}\n`);
  });

  it('an unknown option is a short error with a hint, not the whole help', () => {
    const r = cli(['--formt', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--formt'");
    expect(r.stderr).toContain('--format?');
    expect(r.stderr).toContain('replylint --help');
    expect(r.stderr).not.toContain('--body-field'); // the help is not printed
  });

  it('--quiet reports errors only, and only errors fail the run', () => {
    const loud = cli(['--format', 'json'], { input: THREAT_AND_JARGON });
    const levels = JSON.parse(loud.stdout).map((d: { level: string }) => d.level);
    expect(levels).toContain('error');
    expect(levels).toContain('suggestion');
    const quiet = JSON.parse(cli(['--quiet', '--format', 'json'], { input: THREAT_AND_JARGON }).stdout);
    expect(quiet.length).toBeGreaterThan(0);
    expect(quiet.every((d: { level: string }) => d.level === 'error')).toBe(true);
    // A warning alone: reported and failing without --quiet, neither with it.
    expect(cli([], { input: 'This is your fault.' }).code).toBe(1);
    expect(cli(['-q'], { input: 'This is your fault.' })).toMatchObject({ code: 0, stdout: '' });
  });

  it('--color forces colour on a pipe; --no-color and the default on a pipe are plain', () => {
    const escape = '\u001b[';
    expect(cli(['--color'], { input: 'This is your fault.' }).stdout).toContain(escape);
    expect(cli(['--color'], { input: 'This is your fault.', env: { NO_COLOR: '1' } }).stdout).toContain(escape);
    expect(cli([], { input: 'This is your fault.', env: { NO_COLOR: '' } }).stdout).not.toContain(escape);
    expect(
      cli(['--no-color'], { input: 'This is your fault.', env: { FORCE_COLOR: '1', NO_COLOR: '' } }).stdout,
    ).not.toContain(escape);
  });

  it('init writes a commented, valid .replylintrc.yml, and will not overwrite it without --force', () => {
    const dir = tempTree({ 'replies/a.txt': 'Thanks, we are on it.' });
    const r = cli(['init'], { cwd: dir });
    expect(r.code).toBe(0);
    const written = readFileSync(join(dir, '.replylintrc.yml'), 'utf8');
    for (const key of ['brand:', 'voice:', 'responseTargetMinutes:', 'vocabulary:']) expect(written).toContain(key);
    expect(written).toMatch(/^# /m);
    // The file is a configuration replylint accepts as written.
    const config = JSON.parse(cli(['print-config', 'replies/a.txt'], { cwd: dir }).stdout);
    expect(config).toMatchObject({
      config: join(dir, '.replylintrc.yml'),
      brand: { voice: 'we' },
      responseTargetMinutes: 60,
    });
    expect(cli(['replies'], { cwd: dir }).code).toBe(0);
    const again = cli(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(cli(['init', '--force'], { cwd: dir }).code).toBe(0);
  });

  it('reports every error of a configuration file at once', () => {
    const dir = tempTree({
      '.replylintrc.yml': 'rules:\n  shouting: loud\nbrand: {voice: they}\nresponseTargetMinutes: -5\nfoo: 1\n',
      'a.txt': 'Thanks.',
    });
    const r = cli(['a.txt'], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/\.replylintrc\.yml:2:\d+: field 'rules\.shouting'/);
    expect(lines[1]).toMatch(/:3:\d+: field 'brand\.voice'/);
    expect(lines[2]).toMatch(/:4:\d+: field 'responseTargetMinutes'/);
    expect(lines[3]).toMatch(/:5:\d+: field 'foo': unknown field/);
  });

  it('reports every unknown rule name of a configuration at once, with a did-you-mean', () => {
    const dir = tempTree({ '.replylintrc.yml': 'rules:\n  hostile-tne: off\n  shoutng: error\n', 'a.txt': 'Thanks.' });
    const r = cli(['a.txt'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown rule or family 'hostile-tne' (did you mean 'hostile-tone'?");
    expect(r.stderr).toContain("unknown rule or family 'shoutng' (did you mean 'shouting'?");
  });

  it('reports an unknown rule in a disable comment (a warning on stderr; the run goes on)', () => {
    const dir = tempTree({
      'r.md': 'Hello.\n<!-- replylint-disable-next-line hostile-tne -->\nThis is your fault.\n',
      'c.yml': '# replylint-disable-next-line corporate-jargn\nsorry: "We apologize for any inconvenience."\n',
      'ok.md': '<!-- replylint-disable-next-line hostile-tone -->\nThis is your fault.\n',
    });
    const r = cli(['r.md', 'c.yml', 'ok.md'], { cwd: dir });
    expect(r.code).toBe(1); // the misspelt disable hides nothing
    expect(r.stdout).toContain('hostile-tone');
    expect(r.stderr).toContain(
      "r.md: 2:1: unknown rule 'hostile-tne' in a replylint-disable-next-line comment (did you mean 'hostile-tone'?",
    );
    expect(r.stderr).toContain("c.yml: 1:1: unknown rule 'corporate-jargn'");
    expect(r.stderr).not.toContain('ok.md');
  });

  it('--rule with a typo suggests the rule meant', () => {
    const r = cli(['--rule', 'deletion-thret'], { input: 'x' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("did you mean 'deletion-threat'?");
  });

  it('explain --lang fr prints French headings over the French text', () => {
    const fr = cli(['explain', 'missing-investigation', '--lang', 'fr']).stdout;
    for (const heading of ['Pourquoi :', 'Que faire à la place :', 'Signalé :', 'Correct :', 'en réponse à :'])
      expect(fr).toContain(heading);
    expect(fr).not.toContain('Why it matters');
    const en = cli(['explain', 'missing-investigation']).stdout;
    expect(en).toContain('Why it matters:');
    expect(en).not.toContain('Pourquoi');
  });
});
