import { closeSync, mkdirSync, openSync, symlinkSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTextFile, type ReadIo } from '../src/sources/read.js';
import { cli, tempTree } from './helpers.js';

const THREAT = 'Keep this up and you will be banned.';

interface Found {
  rule: string;
  line: number;
  column: number;
  offset: number;
  length: number;
  match: string;
}
const json = (stdout: string): Found[] => JSON.parse(stdout) as Found[];
const threatOf = (stdout: string) => json(stdout).find((d) => d.rule === 'deletion-threat');

/** No stack trace, whatever happened. */
function expectNoStack(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at |internal error/);
}

function utf16(text: string, order: 'le' | 'be'): Buffer {
  const le = Buffer.from(text, 'utf16le');
  return order === 'le'
    ? Buffer.concat([Buffer.from([0xff, 0xfe]), le])
    : Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]);
}

describe('inputs of every shape, through the CLI', () => {
  it('treats an empty or blank file as clean', () => {
    const dir = tempTree({ 'empty.txt': '', 'blank.txt': ' \n\t\r\n  ' });
    expect(cli([join(dir, 'empty.txt'), join(dir, 'blank.txt')])).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('finds the same positions in UTF-8, UTF-8 with BOM, UTF-16LE and UTF-16BE', () => {
    const text = `Bonjour 👋🏽\n${THREAT}`;
    const dir = tempTree({
      'plain.txt': text,
      'bom.txt': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      'le.txt': utf16(text, 'le'),
      'be.txt': utf16(text, 'be'),
    });
    const positions = ['plain', 'bom', 'le', 'be'].map((name) => {
      const r = cli(['--format', 'json', join(dir, `${name}.txt`)]);
      expect(r.stderr).toBe('');
      const { line, column, offset, length, match } = threatOf(r.stdout)!;
      return { line, column, offset, length, match };
    });
    // 👋🏽 is four UTF-16 code units: the second line starts at offset 13.
    expect(positions[0]).toMatchObject({ line: 2, column: 1, offset: 13 });
    for (const p of positions) expect(p).toEqual(positions[0]);
  });

  it('counts CRLF and lone CR as one line break each', () => {
    for (const eol of ['\r\n', '\r', '\n']) {
      const r = cli(['--format', 'json'], { input: `Hello,${eol}${eol}Thanks. ${THREAT}` });
      expect(threatOf(r.stdout)).toMatchObject({ line: 3, column: 9 });
    }
  });

  it('counts columns in UTF-16 code units after emoji, combining marks and right-to-left text', () => {
    const prefix = 'שלום 🙂 cafe\u0301 — ';
    const r = cli(['--format', 'json'], { input: prefix + THREAT });
    expect(threatOf(r.stdout)).toMatchObject({
      line: 1,
      column: prefix.length + 1,
      offset: prefix.length,
      match: THREAT.slice(0, -1),
    });
    // The default format shows the same position.
    expect(cli([], { input: prefix + THREAT }).stdout).toMatch(
      new RegExp(`\\n\\s+1:${prefix.length + 1}\\s+error\\s+.*deletion-threat`),
    );
  });

  it('skips binary, invalid UTF-8 and broken UTF-16 with a notice, and lints the rest', () => {
    const dir = tempTree({
      'nul.txt': Buffer.from('Hello\u0000world'),
      'latin1.txt': Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a]),
      'odd.txt': Buffer.from([0xff, 0xfe, 0x41]),
      'lone-surrogate.txt': Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]),
      'threat.txt': THREAT,
    });
    const r = cli([dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('threat.txt');
    expect(r.stderr).toContain('nul.txt: binary file (contains NUL bytes), skipped');
    expect(r.stderr).toContain('latin1.txt: not valid UTF-8');
    expect(r.stderr).toContain('odd.txt: not valid UTF-16LE (odd number of bytes), skipped');
    expect(r.stderr).toContain('lone-surrogate.txt: not valid UTF-16LE, skipped');
    expectNoStack(r.stderr);
  });

  it('skips a 100 MB file with a notice, without reading it', () => {
    const dir = tempTree({ 'small.txt': THREAT });
    const big = join(dir, 'big.txt');
    // A sparse file: 100 MB as far as stat is concerned, nothing on disk.
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 100 * 1024 * 1024);
    closeSync(fd);
    const r = cli([big, join(dir, 'small.txt')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('big.txt: file is 100.0 MB, over the 5.0 MB limit (--max-size), skipped');
    expect(r.stdout).toContain('small.txt');
  });

  it('stops reading stdin past --max-size', () => {
    const r = cli(['--max-size', '1000'], { input: 'a '.repeat(10000) });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('<stdin>: file is more than 1 KB, over the 1 KB limit (--max-size), skipped');
  });

  it('lints a reply with a long run of white space (once quadratic in {sentence-start})', () => {
    // 100,000 spaces took six minutes before the lookbehind was bounded: the spawn timeout (20 s)
    // would end the child and the code would be null.
    const r = cli(['--format', 'json'], { input: `Ok.${' '.repeat(100000)}${THREAT}` });
    expect(r.code).toBe(1);
    expect(threatOf(r.stdout)).toMatchObject({ line: 1, column: 100004 });
  });

  it('lints very long lines and a long word', () => {
    const r = cli(['--format', 'json'], { input: `${'word '.repeat(100000)}${'x'.repeat(200000)} ${THREAT}` });
    expect(threatOf(r.stdout)).toMatchObject({ line: 1, column: 500000 + 200000 + 2 });
  });
});

describe('files that cannot be read', () => {
  it('reports a symlink loop and a missing file, and lints the rest', () => {
    const dir = tempTree({ 'ok.txt': THREAT });
    symlinkSync(join(dir, 'loop-a.txt'), join(dir, 'loop-b.txt'));
    symlinkSync(join(dir, 'loop-b.txt'), join(dir, 'loop-a.txt'));
    const r = cli([join(dir, 'loop-a.txt'), join(dir, 'gone.txt'), join(dir, 'ok.txt')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('ok.txt');
    expect(r.stderr).toContain('loop-a.txt: too many levels of symbolic links');
    expect(r.stderr).toContain('gone.txt: no such file or directory');
    expectNoStack(r.stderr);
  });

  it('a loop of symbolic links as --config, extends, a found configuration, a rule file, an audit archive or --in-reply-to: exit 2, named', () => {
    const dir = tempTree({
      'reply.txt': 'Thanks.\n',
      'ext.yml': 'extends: ./loop-a.yml\n',
      'proj/reply.txt': 'Thanks.\n',
    });
    const loop = (a: string, b: string) => {
      symlinkSync(join(dir, b), join(dir, a));
      symlinkSync(join(dir, a), join(dir, b));
    };
    loop('loop-a.yml', 'loop-b.yml');
    mkdirSync(join(dir, 'rules'));
    loop('rules/x.yml', 'rules/y.yml');
    loop('a.jsonl', 'b.jsonl');
    loop('proj/.replylintrc.yml', 'proj/other.yml');
    const reply = join(dir, 'reply.txt');
    const cases: [string[], string][] = [
      [
        ['--config', join(dir, 'loop-a.yml'), reply],
        `${join(dir, 'loop-a.yml')}:1:1: cannot be read: too many levels of symbolic links`,
      ],
      [
        ['--config', join(dir, 'ext.yml'), reply],
        `${join(dir, 'loop-a.yml')}:1:1: cannot be read: too many levels of symbolic links`,
      ],
      [
        [join(dir, 'proj', 'reply.txt')],
        `${join(dir, 'proj', '.replylintrc.yml')}:1:1: cannot be read: too many levels of symbolic links`,
      ],
      [
        ['--rules', join(dir, 'rules'), reply],
        `${join(dir, 'rules', 'x.yml')}:1:1: cannot be used: too many levels of symbolic links`,
      ],
      [['audit', join(dir, 'a.jsonl')], `${join(dir, 'a.jsonl')}: too many levels of symbolic links`],
      [
        ['--in-reply-to', join(dir, 'a.jsonl'), reply],
        `--in-reply-to ${join(dir, 'a.jsonl')}: too many levels of symbolic links`,
      ],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
      expectNoStack(r.stderr);
    }
  });

  it('lints a folder of thousands of files', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++)
      files[`d${i % 10}/reply-${i}.txt`] = i % 500 === 0 ? THREAT : 'Thanks, we are on it.';
    const r = cli(['--format', 'json', tempTree(files)]);
    expect(r.code).toBe(1);
    expect(json(r.stdout).filter((d) => d.rule === 'deletion-threat')).toHaveLength(4);
  });

  // Tests run as root, for whom chmod 000 changes nothing: the error path is tested by injection.
  const failing = (code: string, at: keyof ReadIo): ReadIo => {
    const real: ReadIo = {
      openSync: () => 3,
      fstatSync: () => ({ size: 5, isDirectory: () => false }),
      readSync: () => 0,
      closeSync: () => {},
    };
    return {
      ...real,
      [at]: () => {
        throw Object.assign(new Error(`${code}: raw`), { code });
      },
    };
  };

  it.each([
    ['EACCES', 'openSync', 'permission denied'],
    ['ENOENT', 'openSync', 'no such file or directory'],
    ['EIO', 'readSync', 'input/output error'],
  ] as const)('turns %s in %s into a notice', (code, at, message) => {
    expect(readTextFile('x.txt', 100, failing(code, at))).toEqual({
      ok: false,
      notice: { file: 'x.txt', kind: 'error', message },
    });
  });

  it('closes the file even when reading fails', () => {
    let closed = 0;
    const io = { ...failing('EIO', 'readSync'), closeSync: () => void closed++ };
    readTextFile('x.txt', 100, io);
    expect(closed).toBe(1);
  });

  it('does not read a byte of a file over the limit', () => {
    let reads = 0;
    const huge: ReadIo = {
      openSync: () => 3,
      fstatSync: () => ({ size: 100 * 1024 * 1024, isDirectory: () => false }),
      readSync: () => (reads++, 0),
      closeSync: () => {},
    };
    expect(readTextFile('big.txt', 5 * 1024 * 1024, huge)).toMatchObject({ ok: false, notice: { kind: 'skipped' } });
    expect(reads).toBe(0);
  });

  it('stops at the limit on a file that grows while it is read', () => {
    let reads = 0;
    const endless: ReadIo = {
      openSync: () => 3,
      fstatSync: () => ({ size: 0, isDirectory: () => false }),
      readSync: (_fd, buffer, offset, length) => (reads++, buffer.fill(97, offset, offset + length), length),
      closeSync: () => {},
    };
    expect(readTextFile('dev.txt', 1000, endless)).toMatchObject({ ok: false, notice: { kind: 'skipped' } });
    expect(reads).toBeLessThan(5);
  });

  it('says a directory given where a file is expected is a directory', () => {
    const dir = tempTree({});
    mkdirSync(join(dir, 'sub.txt'));
    expect(readTextFile(join(dir, 'sub.txt'))).toMatchObject({
      ok: false,
      notice: { kind: 'error', message: 'is a directory' },
    });
    writeFileSync(join(dir, 'ok.txt'), 'fine');
    expect(readTextFile(join(dir, 'ok.txt'))).toMatchObject({ ok: true, input: { text: 'fine', encoding: 'utf8' } });
  });
});

describe('readTextFile over many files', () => {
  it('reads each file whole and on its own, bigger and smaller ones in turn (one buffer serves them all)', () => {
    const big = `${'Sorry about the wait. '.repeat(7000)}End.`; // about 150 KB: more than one 64 KB read
    const dir = tempTree({
      'small.txt': 'Hi!',
      'big.txt': big,
      'medium.txt': 'Thanks, Sam.\n'.repeat(50),
      'accents.txt': 'Désolé pour l’attente.',
    });
    const texts = ['small.txt', 'big.txt', 'medium.txt', 'small.txt', 'accents.txt', 'big.txt'].map((name) => {
      const read = readTextFile(join(dir, name));
      return read.ok ? read.input.text : read.notice.message;
    });
    expect(texts).toEqual(['Hi!', big, 'Thanks, Sam.\n'.repeat(50), 'Hi!', 'Désolé pour l’attente.', big]);
  });

  it('skips a file over the limit', () => {
    const dir = tempTree({ 'a.txt': 'x'.repeat(200_000) });
    expect(readTextFile(join(dir, 'a.txt'), 150_000)).toMatchObject({ ok: false, notice: { kind: 'skipped' } });
  });
});
