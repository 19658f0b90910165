/**
 * Maps UTF-16 offsets to 1-based line/column. A line ends at "\r\n", "\n" or a lone "\r",
 * so positions agree with what editors show for CRLF and old Mac files alike.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (ch === 10 /* \n */) {
        this.starts.push(i + 1);
      }
    }
  }

  /** 1-based line and column (UTF-16 code units) of an offset; offsets past the end clamp. */
  position(offset: number): { line: number; column: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - this.starts[low]! + 1 };
  }

  /** Inverse of position(), for tests and for tools that start from line/column. */
  offset(line: number, column: number): number {
    const start = this.starts[line - 1];
    if (start === undefined) return this.text.length;
    return start + column - 1;
  }
}
