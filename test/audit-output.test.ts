import { describe, expect, it } from 'vitest';
import { BatchedOutput } from '../src/audit/output.js';

/** A stream that records each write it receives. */
function recorder() {
  const writes: string[] = [];
  return { writes, stream: { write: (text: string) => writes.push(text) } as unknown as NodeJS.WritableStream };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('BatchedOutput', () => {
  it('joins the records of one turn of the event loop into one write, in order', async () => {
    const { writes, stream } = recorder();
    const output = new BatchedOutput(stream);
    output.write('a\n');
    output.write('b\n');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(['a\nb\n']);
    output.write('c\n');
    await nextTurn();
    expect(writes).toEqual(['a\nb\n', 'c\n']);
  });

  it('writes what waits on flush, and nothing twice', async () => {
    const { writes, stream } = recorder();
    const output = new BatchedOutput(stream);
    output.write('a\n');
    output.flush();
    output.flush();
    await nextTurn();
    expect(writes).toEqual(['a\n']);
  });
});
