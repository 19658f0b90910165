import { fstatSync, writeSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { describeFsError, isPipeOrFile } from '../sources/read.js';

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
 * Writes to stdout, synchronously when it can: a pipe, a file or a device (a terminal too). A pipe
 * set to non-blocking by whoever started us (EAGAIN) gets the rest through the stream. A reader
 * that went away (EPIPE, `| head`) returns 'closed'; any other failure (a full disk, /dev/full)
 * is a UsageError, so that a run that could not write its output never exits as if it had.
 */
export function writeStdout(text: string): 'closed' | undefined {
  const data = Buffer.from(text);
  let offset = 0;
  try {
    while (offset < data.length) offset += writeSync(1, data, offset);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return 'closed';
    if (code !== 'EAGAIN') throw new UsageError(`could not write to stdout: ${describeFsError(error)}`);
    process.stdout.write(data.subarray(offset));
  }
  return undefined;
}

/**
 * Stdout for a long run (audit): writes as writeStdout does, but records a failure instead of
 * throwing (it may be called from a timer), for the run to check between lines. Once a write
 * went to the stream (EAGAIN), the rest follows it there, to keep the order.
 */
export class StdoutSink {
  closed = false;
  failure: UsageError | undefined;
  private stream: NodeJS.WriteStream | undefined;

  write(text: string): void {
    if (this.closed || this.failure) return;
    if (this.stream) {
      this.stream.write(text);
      return;
    }
    try {
      const data = Buffer.from(text);
      let offset = 0;
      try {
        while (offset < data.length) offset += writeSync(1, data, offset);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        this.stream = process.stdout;
        this.stream.on('error', (streamError) => this.fail(streamError));
        this.stream.write(data.subarray(offset));
      }
    } catch (error) {
      this.fail(error);
    }
  }

  /** Whether a slow reader has the stream's buffer full (wait for 'drain' before reading on). */
  get needsDrain(): NodeJS.WriteStream | undefined {
    return this.stream?.writableNeedDrain ? this.stream : undefined;
  }

  private fail(error: unknown): void {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') this.closed = true;
    else this.failure ??= new UsageError(`could not write to stdout: ${describeFsError(error)}`);
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
