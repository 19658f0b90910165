/** Worker thread of `replylint audit`: loads the rules once, then audits batches of lines. */
import { parentPort, workerData } from 'node:worker_threads';
import { createAuditor, type AuditSetup, type LineOutcome } from './auditor.js';
import type { Batch, BatchResult } from './pool.js';

const audit = createAuditor(workerData as AuditSetup);

parentPort!.on('message', async (batch: Batch) => {
  const outcomes: LineOutcome[] = [];
  for (const [line, text] of batch.lines) {
    try {
      outcomes.push(audit(text, line));
    } catch (error) {
      outcomes.push({
        line,
        findings: [],
        linted: false,
        notices: [`internal error: ${(error as Error).message}, skipped`],
      });
    }
  }
  parentPort!.postMessage({ seq: batch.seq, outcomes } satisfies BatchResult);
});
