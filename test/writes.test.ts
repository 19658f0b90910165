import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, linkSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, stiffRule, tempTree } from './helpers.js';

// Issue 12, D1-D5 and W1/W11: what --fix and --output write, and what happens when they cannot.

const RULE = stiffRule();

const REPLY = 'As per your note, the parcel left today.\n';
const FIXED = 'Following your note, the parcel left today.\n';
const FLAGGED = 'Sorry for any inconvenience, this is your fault.\n';

function project(): string {
  return tempTree({ 'rules/en/stiff.yml': RULE, 'r/a.txt': REPLY });
}
const fix = (dir: string, args: string[], env?: Record<string, string>) =>
  cli(['--rules', join(dir, 'rules'), '--rule', 'stiff', '--fix', ...args], { env });
const leftovers = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

describe('--output', () => {
  it('refuses to write the report over one of the inputs (the reply is kept)', () => {
    const dir = tempTree({ 'self.txt': FLAGGED });
    const r = cli([join(dir, 'self.txt'), '-o', join(dir, 'self.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is one of the inputs of this run: not overwritten');
    expect(readFileSync(join(dir, 'self.txt'), 'utf8')).toBe(FLAGGED);
  });

  it('refuses the message answered as the output too', () => {
    const dir = tempTree({ 'a.txt': FLAGGED, 'm.txt': 'Where is my parcel?' });
    const r = cli([join(dir, 'a.txt'), '--in-reply-to', join(dir, 'm.txt'), '-o', join(dir, 'm.txt')]);
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, 'm.txt'), 'utf8')).toBe('Where is my parcel?');
  });

  it('writes through a symbolic link: the link stays, its target gets the report', () => {
    const dir = tempTree({ 'a.txt': FLAGGED, 'target.json': 'old' });
    symlinkSync('target.json', join(dir, 'link.json'));
    const r = cli([join(dir, 'a.txt'), '-f', 'json', '-o', join(dir, 'link.json')]);
    expect(r.code).toBe(1);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'target.json'), 'utf8')).length).toBeGreaterThan(0);
  });

  it('refuses a link to nothing, a named pipe, a device and a file with two hard links', () => {
    const dir = tempTree({ 'a.txt': FLAGGED, 'report.txt': 'old report', 'report.md': 'other' });
    symlinkSync('missing.json', join(dir, 'dangling.json'));
    spawnSync('mkfifo', [join(dir, 'fifo')]);
    linkSync(join(dir, 'report.txt'), join(dir, 'hard.txt'));
    const cases: [string, string][] = [
      [join(dir, 'dangling.json'), 'is a symbolic link to a missing file'],
      [join(dir, 'fifo'), 'is not a regular file (a named pipe)'],
      ['/dev/null', 'is not a regular file (a device)'],
      [join(dir, 'hard.txt'), 'has 2 hard links'],
    ];
    for (const [output, reason] of cases) {
      const r = cli([join(dir, 'a.txt'), '-o', output]);
      expect(r.code, output).toBe(2);
      expect(r.stderr).toContain(reason);
    }
    expect(lstatSync(join(dir, 'fifo')).isFIFO()).toBe(true);
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).toBe('old report');
    expect(lstatSync(join(dir, 'dangling.json')).isSymbolicLink()).toBe(true);
  });

  it('keeps the mode of the report it replaces (0600 stays 0600)', () => {
    const dir = tempTree({ 'a.txt': FLAGGED, 'report.txt': 'old' });
    chmodSync(join(dir, 'report.txt'), 0o600);
    expect(cli([join(dir, 'a.txt'), '-o', join(dir, 'report.txt')]).code).toBe(1);
    expect(statSync(join(dir, 'report.txt')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).toContain('corporate-jargon');
    expect(leftovers(dir)).toEqual([]);
  });

  it('says why it could not write (exit 2), and leaves no temporary file', () => {
    const dir = tempTree({ 'a.txt': FLAGGED });
    const r = cli([join(dir, 'a.txt'), '-o', join(dir, 'no-such-folder', 'report.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('could not write: no such file or directory');
    expect(r.stderr).not.toContain('internal error');
  });
});

describe('the temporary file', () => {
  it('is opened exclusively: a link planted at its name is not followed', async () => {
    const { writeFileAtomic } = await import('../src/fix/atomic-write.js');
    const dir = tempTree({ 'secret.txt': 'keep me', 'report.txt': 'old' });
    // The name is random; here it is made known, as an attacker who guessed it would know it.
    symlinkSync(join(dir, 'secret.txt'), join(dir, '.report.txt.replylint-guessed.tmp'));
    expect(() => writeFileAtomic(join(dir, 'report.txt'), Buffer.from('new'), { randomName: () => 'guessed' })).toThrow(
      /could not write: .*exists/,
    );
    expect(readFileSync(join(dir, 'secret.txt'), 'utf8')).toBe('keep me');
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).toBe('old');
  });
});

describe('--fix', () => {
  it('keeps the exact mode (0664 and 0777 are not narrowed by the umask)', () => {
    for (const mode of [0o664, 0o777, 0o640]) {
      const dir = project();
      chmodSync(join(dir, 'r/a.txt'), mode);
      fix(dir, [join(dir, 'r/a.txt')]);
      expect(readFileSync(join(dir, 'r/a.txt'), 'utf8')).toBe(FIXED);
      expect(statSync(join(dir, 'r/a.txt')).mode & 0o777).toBe(mode);
    }
  });

  it('keeps the owner and group when permitted (as root: any owner)', () => {
    const dir = project();
    const file = join(dir, 'r/a.txt');
    const root = process.getuid?.() === 0;
    if (root) chownSync(file, 4321, 4322);
    const before = statSync(file);
    fix(dir, [file]);
    expect(readFileSync(file, 'utf8')).toBe(FIXED);
    expect([statSync(file).uid, statSync(file).gid]).toEqual([before.uid, before.gid]);
    if (root) expect(before.uid).toBe(4321);
  });

  it('refuses a file with hard links (replacing it would split them), exit 2', () => {
    const dir = project();
    linkSync(join(dir, 'r/a.txt'), join(dir, 'r/b.txt'));
    const r = fix(dir, [join(dir, 'r/a.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has 2 hard links');
    expect(statSync(join(dir, 'r/a.txt')).ino).toBe(statSync(join(dir, 'r/b.txt')).ino);
  });

  it('does not overwrite an edit made while the file was linted (skipped with a notice)', () => {
    const dir = project();
    const r = fix(dir, [join(dir, 'r/a.txt')], { REPLYLINT_FAULT: 'edit-before-write' });
    expect(readFileSync(join(dir, 'r/a.txt'), 'utf8')).toBe(`${REPLY}An edit made meanwhile.\n`);
    expect(r.stderr).toContain('changed while it was being linted: not fixed (run again)');
    expect(r.stderr).not.toContain('fixed 1 problem');
    expect(leftovers(join(dir, 'r'))).toEqual([]);
  });

  it('a SIGINT, SIGTERM or SIGHUP during the write leaves the file whole and no temporary file', () => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      const dir = project();
      const r = spawnSync(
        process.execPath,
        [BIN, '--rules', join(dir, 'rules'), '--rule', 'stiff', '--fix', join(dir, 'r/a.txt')],
        {
          env: { ...process.env, REPLYLINT_FAULT: `${signal.toLowerCase()}-before-rename` },
          encoding: 'utf8',
          timeout: 20000,
        },
      );
      // The signal ends the run as it asks, once the fixed file is whole.
      expect(r.signal, signal).toBe(signal);
      expect(readFileSync(join(dir, 'r/a.txt'), 'utf8'), signal).toBe(FIXED);
      expect(leftovers(join(dir, 'r')), signal).toEqual([]);
    }
  });
});

describe('stdout', () => {
  it('a report that cannot be written to stdout fails the run (exit 2), lint and audit alike', () => {
    const dir = tempTree({ 'a.txt': FLAGGED, 'a.jsonl': `{"reply":${JSON.stringify(FLAGGED)}}\n` });
    for (const args of [[join(dir, 'a.txt')], ['audit', join(dir, 'a.jsonl'), '--no-summary'], ['rules']]) {
      const r = spawnSync(
        'sh',
        ['-c', `"${process.execPath}" "${BIN}" ${args.map((a) => `"${a}"`).join(' ')} > /dev/full`],
        { encoding: 'utf8' },
      );
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('could not write to stdout: no space left on the device');
    }
  });

  it('audit keeps exit 1 when its reader goes away after the first byte (| head -c1)', async () => {
    const line = `{"reply":${JSON.stringify(FLAGGED)}}\n`;
    const dir = tempTree({ 'a.jsonl': line.repeat(3000) });
    const child = spawn(process.execPath, [BIN, 'audit', join(dir, 'a.jsonl'), '--no-summary', '--workers', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
  });
});
