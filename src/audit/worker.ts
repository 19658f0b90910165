/** Worker thread of `replylint audit`: loads the rules once, then audits batches of lines. */
import { parentPort, workerData } from 'node:worker_threads';
import { RuleFileError } from '../core/errors.js';
import { createAuditor, type Auditor, type AuditSetup, type LineOutcome } from './auditor.js';
import type { Batch, BatchResult, WorkerRuleError } from './pool.js';

let audit: Auditor | undefined;
try {
  audit = createAuditor(workerData as AuditSetup);
} catch (error) {
  // A rule file the worker cannot use (changed since the main thread read it, say) is the user's
  // error, named at its file: thrown across the thread it would arrive as a bare Error and be
  // reported as an internal one (issue 12, U1).
  if (!(error instanceof RuleFileError)) throw error;
  const { file, line, column, field, reason } = error;
  parentPort!.postMessage({ ruleError: { file, line, column, field, reason } } satisfies WorkerRuleError);
}

parentPort!.on('message', async (batch: Batch) => {
  if (!audit) return;
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
