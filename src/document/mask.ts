import type { Span } from '../diagnostics.js';

/**
 * Masking replaces characters the rules must not see (code, URLs, placeholders) with spaces.
 * The masked text keeps the length and the line breaks of the original, so every offset the
 * engine finds is an offset in the original text: no position bookkeeping downstream.
 */
export function maskSpans(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  const chars = text.split('');
  for (const { start, end } of spans) {
    for (let i = Math.max(0, start); i < Math.min(end, chars.length); i++) {
      const ch = chars[i]!;
      if (ch !== '\n' && ch !== '\r') chars[i] = ' ';
    }
  }
  return chars.join('');
}

/**
 * Bare URLs, e-mail addresses and @handles: their letters are not words of the reply. An address
 * may only start where a run of address characters starts: without the lookbehind, a long word
 * with no "@" was rescanned from each of its letters (quadratic: 40,000 letters took 6 s).
 */
const URL = String.raw`\b(?:https?:\/\/|www\.)[^\s<>()"']+[^\s<>()"'.,;:!?]`;
const ADDRESS = String.raw`(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+`;
const URL_LIKE = new RegExp(`${URL}|${ADDRESS}`, 'giu');
/** Without an "@" the address branch cannot match: the URL branch alone finds the same. */
const URL_ONLY = new RegExp(URL, 'giu');

/** What every URL_LIKE match contains: "://" or "www." (any case), or "@". */
const URL_HINT = /:\/\/|www\.|@/i;

export function urlSpans(text: string): Span[] {
  const spans: Span[] = [];
  // The address branch tries a match at every word character: most replies hold no link at
  // all, and most links are no address.
  if (!URL_HINT.test(text)) return spans;
  for (const m of text.matchAll(text.includes('@') ? URL_LIKE : URL_ONLY))
    spans.push({ start: m.index!, end: m.index! + m[0].length });
  return spans;
}

/**
 * Typographic apostrophes and quotes are folded to ASCII (one code unit for one), so that rule
 * authors write "don't" and "n'avez" once and match both keyboards.
 */
const TYPOGRAPHY = /[\u2019\u2018\u02BC\u2032\u00A0\u202F\u2007]/;

export function foldTypography(text: string): string {
  if (!TYPOGRAPHY.test(text)) return text;
  return text.replace(/[\u2019\u2018\u02BC\u2032]/g, "'").replace(/[\u00A0\u202F\u2007]/g, ' ');
}
