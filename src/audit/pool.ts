import { Worker } from 'node:worker_threads';
import { RuleFileError } from '../core/errors.js';
import type { AuditSetup, LineOutcome } from './auditor.js';

export interface Batch {
  seq: number;
  lines: [line: number, text: string][];
}

export interface BatchResult {
  seq: number;
  outcomes: LineOutcome[];
}

/** A worker could not load the rules: the RuleFileError's fields (a class does not cross threads). */
export interface WorkerRuleError {
  ruleError: Pick<RuleFileError, 'file' | 'line' | 'column' | 'field' | 'reason'>;
}

/**
 * Worker threads for a large archive. Batches are numbered; results come back in any order and
 * wait in a reorder buffer until every earlier batch is out, so the output keeps input order.
 * At most `2 × workers` batches are in flight: reading waits, and memory stays bounded however
 * long the file is.
 */
export class WorkerPool {
  private readonly workers: Worker[];
  private readonly load = new Map<Worker, number>();
  private readonly done = new Map<number, LineOutcome[]>();
  private nextSeq = 0;
  private nextOut = 0;
  private inFlight = 0;
  private wake: (() => void) | undefined;
  private failure: Error | undefined;

  constructor(
    count: number,
    setup: AuditSetup,
    private readonly emit: (outcome: LineOutcome) => void,
  ) {
    this.workers = Array.from({ length: count }, () => {
      const worker = new Worker(new URL('../audit/worker.js', import.meta.url), { workerData: setup });
      worker.on('message', (result: BatchResult | WorkerRuleError) =>
        'ruleError' in result ? this.fail(ruleFileError(result)) : this.receive(worker, result),
      );
      worker.on('error', (error) => this.fail(error));
      this.load.set(worker, 0);
      return worker;
    });
  }

  /** Sends a batch to the least busy worker; waits first while too many are in flight. */
  async submit(lines: Batch['lines']): Promise<void> {
    while (this.inFlight >= 2 * this.workers.length && !this.failure) await new Promise<void>((r) => (this.wake = r));
    if (this.failure) throw this.failure;
    const worker = this.workers.reduce((a, b) => (this.load.get(b)! < this.load.get(a)! ? b : a));
    this.load.set(worker, this.load.get(worker)! + 1);
    this.inFlight++;
    worker.postMessage({ seq: this.nextSeq++, lines } satisfies Batch);
  }

  /** Waits for every batch, then stops the workers. */
  async finish(): Promise<void> {
    while (this.inFlight > 0 && !this.failure) await new Promise<void>((r) => (this.wake = r));
    await Promise.all(this.workers.map((w) => w.terminate()));
    if (this.failure) throw this.failure;
  }

  private receive(worker: Worker, result: BatchResult): void {
    this.load.set(worker, this.load.get(worker)! - 1);
    this.done.set(result.seq, result.outcomes);
    for (let ready = this.done.get(this.nextOut); ready; ready = this.done.get(this.nextOut)) {
      this.done.delete(this.nextOut++);
      this.inFlight--;
      ready.forEach(this.emit);
    }
    this.wakeUp();
  }

  private fail(error: Error): void {
    this.failure = error;
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

function ruleFileError({ ruleError: e }: WorkerRuleError): RuleFileError {
  return new RuleFileError(e.file, e.line, e.column, e.field, e.reason);
}
