/**
 * Joins the records written in one turn of the event loop into one write. Writing each record on
 * its own cost a system call per flagged reply (stdout to a file is synchronous). Records still
 * come out as they come: a flush is scheduled as soon as one waits, and runs once the lines read so
 * far are linted (setImmediate runs after the current batch of I/O callbacks and promise jobs).
 */
export class BatchedOutput {
  private pending: string[] = [];
  private scheduled = false;

  constructor(private readonly sink: { write(text: string): void }) {}

  write(text: string): void {
    this.pending.push(text);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes what waits now (before a notice on stderr, so that the two keep their order). */
  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.sink.write(text);
  }
}
