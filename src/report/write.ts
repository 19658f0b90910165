import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { describeFsError } from '../sources/read.js';

/**
 * Writes a report atomically: a temporary file in the same folder, then a rename, so that a CI
 * step reading the report never sees half of it (and a failed run leaves the old one whole).
 */
export function writeReport(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new UsageError(`--output ${path}: ${describeFsError(error)}`);
  }
}
