import type { Span } from '../../diagnostics.js';
import type { ReplyDocument } from '../../document/document.js';
import type { CorpusCheck, CorpusMatch, CorpusRuleType } from '../rule.js';

/**
 * canned-duplicate (tip 10): near-duplicate replies across a whole run, i.e. the same template
 * with cosmetic changes (case, punctuation, placeholders, a word or two), or the same canned
 * text sent again and again. Each reply becomes a set of word shingles (n consecutive words,
 * lower-cased, accents folded, every placeholder the same token) and two replies are duplicates
 * when the Jaccard similarity of their sets reaches `threshold`. Candidate pairs come from
 * prefix filtering (AllPairs): with shingles ordered rarest first, two sets with J >= t must share
 * a shingle among the first |S| - ceil(t|S|) + 1 of each, so no pair is missed and the run does
 * not compare every reply with every other. Reported on the later reply, against its closest
 * earlier twin.
 */
export const cannedDuplicate: CorpusRuleType = {
  kind: 'corpus',
  name: 'canned-duplicate',
  doc: 'corpus rule: each reply whose Jaccard similarity to an earlier reply of the run reaches the threshold, once, against the closest',
  fields: [
    {
      name: 'threshold',
      type: 'number',
      default: 0.6,
      min: 0.1,
      max: 1,
      doc: "Jaccard similarity of the two replies' word shingles from which they are near-duplicates.",
    },
    { name: 'shingle', type: 'integer', default: 2, min: 1, max: 5, doc: 'Words per shingle.' },
    { name: 'min_words', type: 'integer', default: 6, min: 1, doc: 'Shorter replies are not judged.' },
    {
      name: 'compare',
      type: 'enum',
      default: 'templates',
      values: ['templates', 'all'],
      doc: 'Which replies are compared: those linted in template mode, or all.',
    },
  ],
  compile(reader): CorpusCheck {
    const threshold = reader.number('threshold');
    const size = reader.number('shingle');
    const minWords = reader.number('min_words');
    // templates: only replies linted in template mode (collections, templates/ folders, --mode template).
    const compare = reader.oneOf<'templates' | 'all'>('compare');
    return {
      compares: (settings) => compare === 'all' || settings?.mode === 'template',
      judge: (docs, _settings, notify) =>
        nearDuplicates(
          docs.map((doc) => shingles(doc, size, minWords)),
          threshold,
          MAX_CHECKS,
          (stoppedAt) => notify?.(stoppedAt, boundMessage(docs[stoppedAt]!, stoppedAt, docs.length)),
        ).map(([a, b, similarity]) => match(docs, a, b, similarity)),
    };
  },
};

const PLACEHOLDER_TOKEN = '\u00A7';

/**
 * The bound on the work of one run (issue 12, H10): shingles looked up while comparing candidate
 * pairs. Prefix filtering prunes little when every template shares its words with the others
 * (10,000 templates over a small vocabulary compared for 200 s); past the bound, the replies left
 * are not compared, and a notice says from which one. Five to fifteen seconds of work.
 */
export const MAX_CHECKS = 100_000_000;

function boundMessage(doc: ReplyDocument, stoppedAt: number, total: number): string {
  const at = doc.origin?.entry !== undefined ? `template '${doc.origin.entry}'` : 'this reply';
  return `compared ${stoppedAt} of ${total} replies, then stopped at ${at} (the bound of ${MAX_CHECKS} shingle comparisons per run): the ${total - stoppedAt} left were not compared`;
}

/** The reply's words in order, placeholders as one token; empty when too short to judge. */
export function shingles(doc: ReplyDocument, size: number, minWords: number): string[] {
  const words = [
    ...doc.tokens.map((t) => ({ at: t.start, word: fold(t.text) })),
    ...doc.placeholders.map((p) => ({ at: p.start, word: PLACEHOLDER_TOKEN })),
  ]
    .sort((a, b) => a.at - b.at)
    .map((w) => w.word);
  if (words.filter((w) => w !== PLACEHOLDER_TOKEN).length < minWords) return [];
  const set = new Set<string>();
  for (let i = 0; i + size <= Math.max(words.length, size); i++) set.add(words.slice(i, i + size).join(' '));
  return [...set];
}

function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * For each set, the most similar earlier set whose Jaccard similarity is at least `threshold`
 * (ties: the earliest), as [earlier, later, similarity]. One finding per reply that repeats an
 * earlier one, so a text sent 100 times gives 99 findings, not 4950 pairs.
 */
export function nearDuplicates(
  sets: readonly string[][],
  threshold: number,
  maxChecks = Infinity,
  onBound?: (stoppedAt: number) => void,
): [number, number, number][] {
  let checks = 0;
  let stopped = false;
  const frequency = new Map<string, number>();
  for (const set of sets) for (const s of set) frequency.set(s, (frequency.get(s) ?? 0) + 1);
  const rarestFirst = (a: string, b: string) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : a > b ? 1 : 0);
  const index = new Map<string, number[]>();
  const pairs: [number, number, number][] = [];
  // Identical sets (the same template again and again) are matched by their text, at similarity 1
  // with the first of them, and kept out of the index: every later set that would match one of
  // them matches the first as well, and the earliest wins a tie. Comparing each with all its
  // twins made 4,000 identical templates take a minute.
  const firstOf = new Map<string, number>();
  sets.forEach((set, i) => {
    if (stopped || set.length === 0) return;
    const ordered = [...set].sort(rarestFirst);
    const key = [...set].sort().join('\n');
    const twin = firstOf.get(key);
    if (twin !== undefined) return void pairs.push([twin, i, 1]);
    firstOf.set(key, i);
    const prefix = ordered.slice(0, ordered.length - Math.ceil(threshold * ordered.length) + 1);
    const candidates = new Set(prefix.flatMap((s) => index.get(s) ?? []));
    const members = new Set(set);
    let best: [number, number, number] | undefined;
    const sorted = [...candidates].sort((a, b) => a - b);
    for (const j of sorted) checks += sets[j]!.length;
    if (checks > maxChecks) {
      stopped = true;
      return void onBound?.(i);
    }
    for (const j of sorted) {
      const similarity = jaccard(members, sets[j]!);
      if (similarity >= threshold && similarity > (best?.[2] ?? 0)) best = [j, i, similarity];
    }
    if (best) pairs.push(best);
    for (const s of prefix) {
      const posting = index.get(s);
      if (posting) posting.push(i);
      else index.set(s, [i]);
    }
  });
  return pairs;
}

function jaccard(a: ReadonlySet<string>, b: readonly string[]): number {
  const shared = b.filter((s) => a.has(s)).length;
  return shared / (a.size + b.length - shared);
}

function match(docs: readonly ReplyDocument[], earlier: number, later: number, similarity: number): CorpusMatch {
  return {
    doc: later,
    span: wholeReply(docs[later]!),
    other: earlier,
    otherSpan: wholeReply(docs[earlier]!),
    vars: { similarity: String(Math.round(similarity * 100)) },
  };
}

/** From the first visible character to the end of the text. */
function wholeReply(doc: ReplyDocument): Span {
  return { start: Math.max(0, doc.text.search(/\S/u)), end: doc.source.trimEnd().length };
}
