import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempTree } from './helpers.js';

const JARGON =
  "Thanks for reaching out! Going forward, please don't hesitate to contact us at your earliest convenience.\n";
const PLAIN = 'Thanks for getting in touch! From now on, please write to us any time when you can.\n';

describe('safe fixes of the built-in substitution rules (built binary)', () => {
  it('--fix rewrites the stock phrases that have a drop-in, and leaves the advice-only ones', () => {
    const dir = tempTree({ 'r.txt': `${JARGON}We apologize for any inconvenience.\n` });
    const r = cli(['--format', 'json', '--fix', 'r.txt'], { cwd: dir });
    expect(readFileSync(join(dir, 'r.txt'), 'utf8')).toBe(`${PLAIN}We apologize for any inconvenience.\n`);
    // Naming the problem needs the writer: still reported, with its advice, and no fix.
    const [left] = JSON.parse(r.stdout);
    expect(left).toMatchObject({
      rule: 'corporate-jargon',
      match: 'We apologize for any inconvenience',
      suggestion: 'Say it plainly: "sorry about <the problem, named>".',
    });
    expect(left.fix).toBeUndefined();
    expect(r.stderr).toContain('r.txt: fixed 4 problems');
  });

  it('keeps the grammar of each verb form and the case of the match', () => {
    const r = cli(['--format', 'fixed'], {
      input: 'We leveraged our data. She reached out to them; they are reaching out. Utilizing it, AT THIS TIME.',
    });
    expect(r.stdout).toBe('We used our data. She contacted them; they are getting in touch. Using it, NOW.');
  });

  it('fixes French stock phrases too', () => {
    const r = cli(['--format', 'fixed', '--lang', 'fr'], {
      input: "Nous accusons réception de votre message. Au jour d'aujourd'hui, tout est en ordre.",
    });
    expect(r.stdout).toBe("Nous avons bien reçu votre message. Aujourd'hui, tout est en ordre.");
  });

  it('--format fixed prints stdin fixed (or as it was), what is left on stderr, and the exit code of what is left', () => {
    const fixed = cli(['--format', 'fixed'], { input: JARGON });
    expect(fixed).toMatchObject({ code: 0, stdout: PLAIN, stderr: '' });
    const left = cli(['--format', 'fixed'], { input: 'Going forward, this is your fault.' });
    expect(left.stdout).toBe('From now on, this is your fault.');
    expect(left.code).toBe(1);
    expect(left.stderr).toContain('hostile-tone');
    expect(cli(['--format', 'fixed'], { input: 'Thanks, we are on it.' })).toMatchObject({
      code: 0,
      stdout: 'Thanks, we are on it.',
    });
    const withFiles = cli(['--format', 'fixed', 'README.md']);
    expect(withFiles.code).toBe(2);
    expect(withFiles.stderr).toContain('--format fixed prints the fixed text of stdin');
  });

  it('--fix-dry-run prints the diff when there is something to fix, and the report when there is not', () => {
    const diff = cli(['--fix-dry-run'], { input: JARGON });
    expect(diff.stdout).toContain('-Thanks for reaching out!');
    expect(diff.stdout).toContain('+Thanks for getting in touch!');
    const nothing = cli(['--fix-dry-run'], { input: 'This is your fault.' });
    expect(nothing.code).toBe(1);
    expect(nothing.stdout).toContain('hostile-tone');
  });

  it('a user rule gets fixes through `fixes:`, checked like any field', () => {
    const rule = (fixes: string) =>
      [
        'id: house-words',
        'tip: 6',
        'level: warning',
        'type: substitution',
        'message: "Plainer: {replacement}."',
        'swap: { "in order to": "\\"to\\"" }',
        fixes,
        'examples:',
        '  flag: ["We did it in order to help."]',
        '  pass: ["We did it to help."]',
      ].join('\n');
    const good = tempTree({ 'rules/house-words.yml': rule('fixes: { "in order to": "to" }') });
    expect(
      cli(['--rules', join(good, 'rules'), '--rule', 'house-words', '--format', 'fixed'], {
        input: 'We did it in order to help.',
      }).stdout,
    ).toBe('We did it to help.');
    const unknown = tempTree({ 'rules/house-words.yml': rule('fixes: { "so as to": "to" }') });
    const r1 = cli(['--rules', join(unknown, 'rules')], { input: 'x' });
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/house-words\.yml:\d+:\d+: field 'fixes\.so as to': must be a phrase of swap/);
    const unsafe = tempTree({ 'rules/house-words.yml': rule('fixes: { "in order to": "<verb>" }') });
    const r2 = cli(['--rules', join(unsafe, 'rules')], { input: 'x' });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('must be plain text on one line');
  });
});
