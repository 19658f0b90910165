import { chmodSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, stiffRule, tempTree } from './helpers.js';

const RULE = stiffRule(['reach out: contact | write to']);

/** A folder with the rule (in rules/en) and the given replies; returns the folder. */
function project(replies: Record<string, string | Buffer>): string {
  return tempTree({
    'rules/en/stiff.yml': RULE,
    ...Object.fromEntries(Object.entries(replies).map(([k, v]) => [`r/${k}`, v])),
  });
}

const run = (dir: string, ...args: string[]) => cli(['--rules', join(dir, 'rules'), '--rule', 'stiff', ...args]);

describe('--fix', () => {
  it('offers the fix in JSON, in the case of the match', () => {
    const dir = project({ 'a.txt': 'Hi! As per our notes, AS PER the terms.' });
    const found = JSON.parse(run(dir, '--format', 'json', join(dir, 'r/a.txt')).stdout);
    expect(found.map((d: { fix?: unknown }) => d.fix)).toEqual([
      { offset: 4, length: 6, text: 'Following' },
      { offset: 22, length: 6, text: 'FOLLOWING' },
    ]);
  });

  it('offers no fix when the replacement lists choices', () => {
    const dir = project({ 'a.txt': 'Please reach out to us.' });
    const [found] = JSON.parse(run(dir, '--format', 'json', join(dir, 'r/a.txt')).stdout);
    expect(found).toMatchObject({ rule: 'stiff', match: 'reach out' });
    expect(found).not.toHaveProperty('fix');
  });

  it('rewrites the file, keeping CRLF line endings, and reports what is left', () => {
    const dir = project({ 'a.txt': 'Hello,\r\nas per your request.\r\nPlease reach out.\r\n' });
    const r = run(dir, '--fix', join(dir, 'r/a.txt'));
    expect(readFileSync(join(dir, 'r/a.txt'), 'utf8')).toBe(
      'Hello,\r\nfollowing your request.\r\nPlease reach out.\r\n',
    );
    expect(r.stderr).toContain('a.txt: fixed 1 problem');
    expect(r.stdout).toMatch(/3:8\s+warning\s+'reach out'/);
    expect(r.code).toBe(1);
  });

  it('keeps UTF-16 and the BOM', () => {
    for (const [bom, encode] of [
      [[0xff, 0xfe], (s: string) => Buffer.from(s, 'utf16le')],
      [[0xfe, 0xff], (s: string) => Buffer.from(s, 'utf16le').swap16()],
      [[0xef, 0xbb, 0xbf], (s: string) => Buffer.from(s, 'utf8')],
    ] as const) {
      const dir = project({ 'a.txt': Buffer.concat([Buffer.from(bom), encode('As per 🙂 notes\r')]) });
      expect(run(dir, '--fix', join(dir, 'r/a.txt')).code).toBe(0);
      expect(readFileSync(join(dir, 'r/a.txt'))).toEqual(
        Buffer.concat([Buffer.from(bom), encode('Following 🙂 notes\r')]),
      );
    }
  });

  it('never touches a file with nothing to fix, and leaves no temporary file', () => {
    const dir = project({
      'clean.txt': 'Thanks, we are on it.',
      'choices.txt': 'Please reach out.',
      'a.txt': 'As per.',
    });
    chmodSync(join(dir, 'r/a.txt'), 0o640);
    const before = ['clean.txt', 'choices.txt'].map((f) => statSync(join(dir, 'r', f)).mtimeMs);
    run(dir, '--fix', join(dir, 'r'));
    expect(['clean.txt', 'choices.txt'].map((f) => statSync(join(dir, 'r', f)).mtimeMs)).toEqual(before);
    expect(readdirSync(join(dir, 'r')).sort()).toEqual(['a.txt', 'choices.txt', 'clean.txt']);
    expect(statSync(join(dir, 'r/a.txt')).mode & 0o777).toBe(0o640);
    expect(readFileSync(join(dir, 'r/a.txt'), 'utf8')).toBe('Following.');
  });

  it('--fix-dry-run prints a unified diff and writes nothing', () => {
    const dir = project({ 'a.txt': 'Hello,\nAs per your request.\n' });
    const r = run(dir, '--fix-dry-run', join(dir, 'r/a.txt'));
    expect(r.stdout).toContain(`--- ${join(dir, 'r/a.txt')}`);
    expect(r.stdout).toContain('-As per your request.\n+Following your request.\n');
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'r/a.txt'), 'utf8')).toBe('Hello,\nAs per your request.\n');
  });

  it('--fix-dry-run works on stdin; --fix needs files', () => {
    const dir = project({});
    expect(run(dir, '--fix-dry-run').stdout).toBe('');
    const dry = cli(['--rules', join(dir, 'rules'), '--rule', 'stiff', '--fix-dry-run'], { input: 'as per.' });
    expect(dry.stdout).toContain('-as per.\n\\ No newline at end of file\n+following.');
    const fix = cli(['--rules', join(dir, 'rules'), '--fix'], { input: 'as per.' });
    expect(fix.code).toBe(2);
    expect(fix.stderr).toContain('--fix writes files');
  });

  it('writes through a symbolic link, keeping the link', () => {
    const dir = project({ 'real.txt': 'As per.' });
    symlinkSync(join(dir, 'r/real.txt'), join(dir, 'link.txt'));
    run(dir, '--fix', join(dir, 'link.txt'));
    expect(lstatSync(join(dir, 'link.txt')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'r/real.txt'), 'utf8')).toBe('Following.');
  });

  it('does not write linted files without --fix', () => {
    const dir = project({ 'a.txt': 'As per.' });
    run(dir, join(dir, 'r/a.txt'));
    expect(readFileSync(join(dir, 'r/a.txt'), 'utf8')).toBe('As per.');
  });
});
