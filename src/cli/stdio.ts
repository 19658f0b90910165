import { fstatSync, writeSync } from 'node:fs';
import { isPipeOrFile } from '../sources/read.js';

/**
 * The pre-send path without Node's stdio streams: creating process.stdin or process.stdout loads
 * the stream and socket modules (about 5 ms each of a 100 ms run). When the descriptor is a pipe,
 * a socket (how Node and most editors connect a child's stdio) or a file, a direct read or write
 * does the same job; a terminal, or anything else, still goes through the stream.
 */
function pipeOrFile(fd: number): boolean {
  try {
    return isPipeOrFile(fstatSync(fd));
  } catch {
    return false;
  }
}

/** process.stdin.isTTY / process.stdout.isTTY, without creating the stream for a pipe or a file. */
export function isTerminal(stream: 'stdin' | 'stdout'): boolean {
  if (pipeOrFile(stream === 'stdin' ? 0 : 1)) return false;
  return Boolean(process[stream].isTTY);
}

/**
 * Writes the report to stdout. A pipe set to non-blocking by whoever started us (EAGAIN) gets
 * the rest through the stream; a reader that went away (EPIPE, `| head`) ends the output quietly.
 */
export function writeStdout(text: string): void {
  if (!pipeOrFile(1)) {
    process.stdout.write(text);
    return;
  }
  const data = Buffer.from(text);
  let offset = 0;
  try {
    while (offset < data.length) offset += writeSync(1, data, offset);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return;
    if (code !== 'EAGAIN') throw error;
    process.stdout.write(data.subarray(offset));
  }
}

/**
 * Runs `attach` on process.stdout when something first creates it, instead of creating it now
 * (a draft written with writeStdout never does). Node defines process.stdout as a configurable
 * getter that makes the stream on first read; this wraps it once.
 */
export function onStdoutCreated(attach: (stream: NodeJS.WriteStream) => void): void {
  const original = Object.getOwnPropertyDescriptor(process, 'stdout');
  if (!original?.get || !original.configurable) {
    attach(process.stdout);
    return;
  }
  Object.defineProperty(process, 'stdout', {
    configurable: true,
    enumerable: original.enumerable,
    get() {
      Object.defineProperty(process, 'stdout', original);
      const stream = process.stdout;
      attach(stream);
      return stream;
    },
  });
}
