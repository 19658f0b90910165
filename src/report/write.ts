import { writeFileAtomic, WriteRefused } from '../fix/atomic-write.js';
import { UsageError } from '../core/errors.js';
import type { FileStamp } from '../sources/read.js';

/**
 * Writes a report atomically (src/fix/atomic-write.ts: exclusive temporary file, then a rename),
 * so that a CI step reading the report never sees half of it and a failed run leaves the old one
 * whole. Never over one of the run's inputs, a link to nothing, or a non-regular file.
 */
export function writeReport(path: string, text: string, inputs: readonly FileStamp[] = []): void {
  try {
    writeFileAtomic(path, Buffer.from(text), { inputs });
  } catch (error) {
    if (error instanceof WriteRefused) throw new UsageError(`--output ${error.message}`);
    throw error;
  }
}
