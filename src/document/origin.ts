import type { Span } from '../diagnostics.js';
import { LineIndex } from './lines.js';

/**
 * Where a reply sits in the file it was read from, when that file is more than the reply (a
 * template inside a YAML or JSON collection). The reply's text is the decoded string value;
 * `from[i]`/`to[i]` give the file range that produced its character i (one character for plain
 * text, the whole escape for "\u00e9", the line break for a folded space). Rules never see this:
 * toDiagnostic maps spans through it, so findings point into the original file.
 */
export class SourceOrigin {
  private lineCache?: LineIndex;

  constructor(
    /** The whole file, as read. */
    readonly fileText: string,
    readonly from: readonly number[],
    readonly to: readonly number[],
    /** The template's id in its collection. */
    readonly entry?: string,
  ) {}

  /** The file range a span of the reply came from (an empty span stays empty). */
  fileSpan(span: Span): Span {
    const n = this.from.length;
    if (n === 0) return { start: 0, end: 0 };
    const start = span.start < n ? this.from[span.start]! : this.to[n - 1]!;
    if (span.end <= span.start) return { start, end: start };
    return { start, end: this.to[Math.min(span.end, n) - 1]! };
  }

  get lines(): LineIndex {
    return (this.lineCache ??= sharedLineIndex(this.fileText));
  }
}

// Every template of a collection has the same file text (the same string): one line index for
// all of them. One each made a collection of thousands of templates quadratic in its size.
let lastFile: string | undefined;
let lastIndex: LineIndex | undefined;

function sharedLineIndex(fileText: string): LineIndex {
  if (fileText !== lastFile || !lastIndex) [lastFile, lastIndex] = [fileText, new LineIndex(fileText)];
  return lastIndex;
}

/** Collects decoded characters with the file range each came from. */
export class MappedText {
  text = '';
  readonly from: number[] = [];
  readonly to: number[] = [];

  push(chars: string, from: number, to: number): void {
    for (let i = 0; i < chars.length; i++) {
      this.from.push(from);
      this.to.push(to);
    }
    this.text += chars;
  }

  /** Characters copied one for one from the file, starting at `at`. */
  copy(chars: string, at: number): void {
    for (let i = 0; i < chars.length; i++) {
      this.from.push(at + i);
      this.to.push(at + i + 1);
    }
    this.text += chars;
  }
}
