import type { Span } from '../diagnostics.js';

const cache = new Map<string, RegExp>();

/**
 * Where the team's accepted words (product names such as "ROCKET BOX ULTRA" or "FastTrack") occur in a
 * reply. Matching is exact, case included, at word boundaries: "ACME" is accepted as written,
 * which does not excuse "acme" or a shouted "Acme" rewritten in capitals by someone else.
 */
export function acceptedSpans(source: string, vocabulary: readonly string[] | undefined): Span[] {
  if (!vocabulary?.length) return [];
  const key = vocabulary.join('\n');
  let regex = cache.get(key);
  if (!regex) {
    const words = [...vocabulary]
      .sort((a, b) => b.length - a.length)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    regex = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${words.join('|')})(?![\\p{L}\\p{N}_])`, 'gu');
    cache.set(key, regex);
  }
  return [...source.matchAll(regex)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/**
 * A finding is about accepted words when every letter and digit it covers is inside one:
 * "ROCKET BOX ULTRA" alone is not shouting, but "BUY ROCKET BOX ULTRA NOW" still is.
 */
export function onlyAccepted(source: string, span: Span, accepted: readonly Span[]): boolean {
  if (accepted.length === 0) return false;
  for (let i = span.start; i < span.end; i++) {
    if (!/[\p{L}\p{N}]/u.test(source[i]!)) continue;
    if (!accepted.some((a) => a.start <= i && i < a.end)) return false;
  }
  return true;
}
