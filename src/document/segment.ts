import type { Span } from '../diagnostics.js';

/**
 * Sentence spans: a sentence ends at . ! ? … (and runs of them) followed by white space, or at
 * a line break. Good enough for short replies; the rules only use sentences as a scope.
 */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  const boundary = /[.!?\u2026]+["'\u00BB)\]]*(?=\s|$)|\r\n|\n|\r/gu;
  let start = 0;
  for (const m of text.matchAll(boundary)) {
    const end = m.index! + m[0].length;
    pushTrimmed(text, start, end, spans);
    start = end;
  }
  pushTrimmed(text, start, text.length, spans);
  return spans;
}

function pushTrimmed(text: string, start: number, end: number, spans: Span[]): void {
  while (start < end && /\s/u.test(text[start]!)) start++;
  while (end > start && /\s/u.test(text[end - 1]!)) end--;
  if (end > start) spans.push({ start, end });
}

export interface Token extends Span {
  text: string;
}

/** Word tokens (letters and digits); apostrophes split French elisions: "n'avez" → n, avez. */
export function wordTokens(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    tokens.push({ start: m.index!, end: m.index! + m[0].length, text: m[0] });
  }
  return tokens;
}
