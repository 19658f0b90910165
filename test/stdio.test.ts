import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPipedStdin, type StdinIo } from '../src/sources/read.js';
import { BIN, cli, ROOT } from './helpers.js';

/** A stdin of the given kind serving these reads (a number: bytes; 'EAGAIN'/'EOF': that error). */
function fakeStdin(kind: 'fifo' | 'tty', reads: (number | 'EAGAIN' | 'EOF')[]): StdinIo {
  return {
    fstatSync: () => ({ isFIFO: () => kind === 'fifo', isSocket: () => false, isFile: () => false }),
    readSync: (_fd, buffer) => {
      const next = reads.shift() ?? 0;
      if (typeof next === 'string') throw Object.assign(new Error(next), { code: next });
      buffer.fill(120, 0, next);
      return next;
    },
  };
}

describe('stdin and stdout without streams for pipes and files', () => {
  it('reads a pipe to its end, stops past the limit, and leaves a terminal or EAGAIN to the stream', () => {
    expect(readPipedStdin(Infinity, fakeStdin('fifo', [3, 2, 0]))).toMatchObject({ total: 5, done: true });
    expect(readPipedStdin(Infinity, fakeStdin('fifo', [3, 'EOF']))).toMatchObject({ total: 3, done: true });
    expect(readPipedStdin(4, fakeStdin('fifo', [3, 3, 3]))).toMatchObject({ total: 6, done: true });
    // What was read before EAGAIN is kept: the stream reads on from there.
    expect(readPipedStdin(Infinity, fakeStdin('fifo', [3, 'EAGAIN']))).toMatchObject({ total: 3, done: false });
    expect(readPipedStdin(Infinity, fakeStdin('tty', [3]))).toMatchObject({ total: 0, done: false });
  });

  it('lints a draft piped in, or redirected from a file, the same way', () => {
    const draft = 'Hi Sam, this is your fault. Read the FAQ before complaining!!!';
    const file = join(mkdtempSync(join(tmpdir(), 'replylint-stdin-')), 'draft.txt');
    writeFileSync(file, draft);
    const piped = cli(['--format', 'json'], { input: draft });
    const redirected = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" --format json < "${file}"`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(JSON.parse(piped.stdout).length).toBeGreaterThan(0);
    expect(redirected.stdout).toBe(piped.stdout);
    expect(redirected.status).toBe(piped.code);
  });

  it('loads no stream or socket module for a piped draft (and the list does see them otherwise)', () => {
    const hook = join(mkdtempSync(join(tmpdir(), 'replylint-hook-')), 'hook.mjs');
    writeFileSync(
      hook,
      `import { writeSync } from 'node:fs'; const before = new Set(process.moduleLoadList);
      process.on('exit', () => writeSync(2, 'LOADED ' + process.moduleLoadList.filter((m) => !before.has(m)).join(',')));`,
    );
    const loaded = (args: string[]) => {
      const r = spawnSync(process.execPath, ['--import', hook, BIN, ...args], {
        cwd: ROOT,
        input: 'This is your fault.',
        encoding: 'utf8',
      });
      return (/LOADED (.*)/.exec(r.stderr)?.[1] ?? '').split(',');
    };
    const draft = loaded(['--in-reply-to', 'fixtures/messages/late-flight.txt']);
    for (const name of ['net', 'stream', 'tty']) expect(draft).not.toContain(`NativeModule ${name}`);
    expect(loaded(['rules'])).toContain('NativeModule net'); // `rules` writes through process.stdout
  });

  it('ends quietly when the reader of stdout goes away', async () => {
    const big = Array.from({ length: 3000 }, () => 'This is your fault.').join('\n');
    const file = join(mkdtempSync(join(tmpdir(), 'replylint-epipe-')), 'big.txt');
    writeFileSync(file, big);
    const child = spawn(process.execPath, [BIN, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy()); // like `| head -1`
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/internal error|EPIPE|at /);
    expect([0, 1]).toContain(code);
  });
});
