/** What the engine produces and every report format consumes. */

export const LEVELS = ['suggestion', 'warning', 'error'] as const;
export type Level = (typeof LEVELS)[number];

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

/** A half-open span of UTF-16 code units in the text the engine saw. */
export interface Span {
  start: number;
  end: number;
}

/** One finding, before it is placed in a file. */
export interface Finding {
  rule: string;
  family: string;
  tip: number;
  level: Level;
  message: string;
  suggestion?: string;
  span: Span;
  /** Some findings (e.g. near-duplicates) point at a second place. */
  related?: { file: string; line: number; column: number; message: string }[];
  /** A safe automatic fix: replace the span with this text (--fix). */
  fix?: { span: Span; text: string };
  /** The model's score, for a finding of a classifier rule (0..1). */
  score?: number;
}

/** A finding placed in its file: positions are 1-based, columns in UTF-16 code units. */
export interface Diagnostic {
  file: string;
  rule: string;
  family: string;
  tip: number;
  level: Level;
  message: string;
  suggestion: string | null;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Offset and length in UTF-16 code units in the original file (BOM excluded). */
  offset: number;
  length: number;
  match: string;
  /** Where the reply came from inside a collection (template id), if any. */
  entry?: string;
  related?: { file: string; line: number; column: number; message: string }[];
  /** A safe automatic fix: replace `length` code units at `offset` with `text` (--fix). */
  fix?: Fix;
  /** The model's score, for a finding of a classifier rule (0..1). */
  score?: number;
}

export interface Fix {
  offset: number;
  length: number;
  text: string;
}

/** A problem with an input that is reported, not linted (missing, binary, too large...). */
export interface InputNotice {
  file: string;
  /** error: the run exits 2; skipped: the input was not linted; warning: linted, but something is off. */
  kind: 'error' | 'skipped' | 'warning';
  message: string;
}
