/**
 * A one-line progress bar on stderr (only when stderr is a terminal): replies, replies per
 * second, and, when the input's size is known, a bar and the time left.
 */
export class Progress {
  private readonly started = Date.now();
  private last = 0;

  constructor(
    private readonly totalBytes: number | undefined,
    private readonly bytesRead: () => number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  static forTerminal(totalBytes: number | undefined, bytesRead: () => number): Progress | undefined {
    return process.stderr.isTTY ? new Progress(totalBytes, bytesRead) : undefined;
  }

  update(replies: number): void {
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? replies / seconds : 0;
    let line = `${replies.toLocaleString('en')} replies  ${Math.round(rate).toLocaleString('en')}/s`;
    if (this.totalBytes) {
      const done = Math.min(1, this.bytesRead() / this.totalBytes);
      const width = 24;
      const bar = '█'.repeat(Math.round(done * width)).padEnd(width, '░');
      const eta = done > 0 ? (seconds * (1 - done)) / done : 0;
      line = `${bar} ${(done * 100).toFixed(0).padStart(3)}%  ${line}  ETA ${formatDuration(eta)}`;
    }
    this.stream.write(`\r\x1b[K${line}`);
  }

  clear(): void {
    this.stream.write('\r\x1b[K');
  }
}

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
