import type { Diagnostic, InputNotice } from '../diagnostics.js';
import type { Encoding, FileStamp } from '../sources/read.js';
import { applyFixes, encodeText } from './apply.js';
import { writeFileAtomic, WriteRefused } from './atomic-write.js';

/** write: --fix; dry-run: --fix-dry-run (a diff); print: --format fixed (the fixed text, for stdin). */
export type FixMode = 'write' | 'dry-run' | 'print';

/**
 * --fix and --fix-dry-run for one run. Each linted reply goes through apply(): its safe fixes
 * are applied and the fixed text is returned, to be linted again (the report shows what is left,
 * at its new positions). With
 * 'write' the file is replaced atomically, in its own encoding; with 'dry-run' a unified diff
 * is collected instead. A reply with no fix is never written.
 */
export class FixSession {
  readonly patches: string[] = [];
  readonly notices: InputNotice[] = [];
  readonly messages: string[] = [];
  /** 'print': each reply's text after its fixes (fixed or not), by name. */
  readonly texts = new Map<string, string>();

  constructor(readonly mode: FixMode) {}

  /** Returns the fixed text, or undefined when there was nothing to fix (or it could not be written). */
  async apply(
    file: string,
    source: string,
    encoding: Encoding | undefined,
    diagnostics: Diagnostic[],
    stamp?: FileStamp,
  ): Promise<string | undefined> {
    const { text, fixed } = applyFixes(source, diagnostics);
    if (this.mode === 'print') this.texts.set(file, text);
    if (fixed.length === 0 || text === source) return undefined;
    if (this.mode === 'print') return text;
    if (this.mode === 'dry-run') {
      const { createTwoFilesPatch } = await import('diff');
      this.patches.push(createTwoFilesPatch(file, file, source, text));
    } else {
      // Written only if the file is still what was linted: an edit made meanwhile is not lost.
      const unchangedSince = stamp && { stamp, bytes: encodeText(source, encoding) };
      try {
        writeFileAtomic(file, encodeText(text, encoding), { unchangedSince });
      } catch (error) {
        if (!(error instanceof WriteRefused)) throw error;
        const kind = error.kind === 'changed' ? 'skipped' : 'error';
        this.notices.push({ file, kind, message: `fixes not written: ${error.reason}` });
        return undefined;
      }
      this.messages.push(`${file}: fixed ${fixed.length} problem${fixed.length === 1 ? '' : 's'}`);
    }
    return text;
  }
}
