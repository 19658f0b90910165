/**
 * The one tokenizer and feature function of the tone models, shared by training
 * (src/model/train.ts) and the run time (src/model/linear.ts): a text scores the same in both
 * because both call `featurize`.
 *
 * Tokens keep their place in the text (for explanations); their form is lower-case and
 * accent-folded ("Désolé" and "desole" are one token), and the parts of a tweet that carry no
 * tone are placeholders: @handles <user>, links <url>, numbers <num>.
 */

import { isSpace } from '../core/white-space.js';

export interface ModelToken {
  /** The normalised form the features are built from. */
  form: string;
  /** Offsets in the text given to `tokenize` (UTF-16 code units, half-open). */
  start: number;
  end: number;
  /** A word (letters): the only tokens that give character n-grams. */
  word: boolean;
}

export interface FeatureOptions {
  /** Number of hash buckets: a power of two. */
  buckets: number;
  /** Word bigrams besides unigrams. */
  bigrams: boolean;
  /** In-word character n-grams of this length (0: none); they tolerate typos and inflections. */
  charGrams: number;
  /**
   * Token forms left out of the features (e.g. <user>, <sig>, <url> for tone: a handle opens
   * every brand reply and no corpus tweet, so the model would learn the register, not the tone).
   */
  ignore?: string[];
  /**
   * Word pairs one word apart ("on * you" in "that's on you", "down * the"): word order a little
   * beyond bigrams, for the hostility that lives in constructions more than in words. Each
   * belongs to its two words in explanations. Absent: none.
   */
  skipBigrams?: boolean;
}

// The tokens (the reference is this regex, kept in test/model.test.ts; `tokenize` scans by char
// code instead, 3-4x faster, with the same tokens, offsets and forms):
//   \uE000\S*|https?:\/\/\S+|www\.\S+|\b(?:t\.co|bit\.ly)\/\S+|[@＠][\p{L}\p{N}_]+|#[\p{L}\p{N}_]+|
//   \p{N}+(?:[.,:hH]\p{N}+)*|\p{L}+['’]?|\^[\p{L}]{1,3}\b|[!?]+|\.{3,}|…|[:;]-?[()DPp]   (flags gu)
// \uE000 is the document's link mark (links masked at run time); raw links are found here too,
// so that training text (raw tweets) and run-time text (masked) give the same token.
const MARKS = /\p{M}+/gu;
const LETTER = /^\p{L}$/u;
const NUMBER = /^\p{N}$/u;

// Character classes of the BMP, worked out per code on first sight (the class regexes are the
// truth; most texts use a few dozen codes): 0 unknown, 1 other, 2 letter, 3 number.
const OTHER = 1;
const LETTER_CLASS = 2;
const NUMBER_CLASS = 3;
let bmpClass: Uint8Array | undefined;
const astralClass = new Map<number, number>();

function classify(ch: string): number {
  return LETTER.test(ch) ? LETTER_CLASS : NUMBER.test(ch) ? NUMBER_CLASS : OTHER;
}

/** The class of the code point at `i` (a surrogate pair counts as one: see `width`). */
function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) {
    if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) return LETTER_CLASS;
    return c >= 0x30 && c <= 0x39 ? NUMBER_CLASS : OTHER;
  }
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) {
      const point = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
      let known = astralClass.get(point);
      if (known === undefined) astralClass.set(point, (known = classify(text.slice(i, i + 2))));
      return known;
    }
  }
  if (c >= 0xd800 && c <= 0xdfff) return OTHER;
  const table = (bmpClass ??= new Uint8Array(0x10000));
  let known = table[c]!;
  if (known === 0) table[c] = known = classify(text[i]!);
  return known;
}

/** Code units of the code point at `i`: 2 for a surrogate pair. */
function width(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return 1;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
}

/** The ASCII word characters of \b (a u-flag regex without i). */
function isWordChar(c: number): boolean {
  return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a ? true : (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

/** End of the non-blank run from `i` (\S*). */
function skipNonSpace(text: string, i: number): number {
  while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** End of the letters, digits and underscores from `i` ([\p{L}\p{N}_]*). */
function skipNameChars(text: string, i: number): number {
  while (i < text.length) {
    if (text.charCodeAt(i) === 0x5f) i++;
    else if (classAt(text, i) !== OTHER) i += width(text, i);
    else break;
  }
  return i;
}

/** End of the digits from `i` (\p{N}*). */
function skipDigits(text: string, i: number): number {
  while (i < text.length && classAt(text, i) === NUMBER_CLASS) i += width(text, i);
  return i;
}

/** Whether `text` holds `word` at `i`. */
function startsAt(text: string, i: number, word: string): boolean {
  return text.startsWith(word, i);
}

/**
 * End of the link that starts at `i` (raw link, www. or a shortener after a word boundary, or
 * the document's link mark), or -1.
 */
function linkEnd(text: string, i: number, c: number): number {
  if (c === 0xe000) return skipNonSpace(text, i + 1);
  if (c === 0x68 && startsAt(text, i, 'http')) {
    const j = text.charCodeAt(i + 4) === 0x73 ? i + 5 : i + 4;
    if (startsAt(text, j, '://') && j + 3 < text.length && !isSpace(text.charCodeAt(j + 3)))
      return skipNonSpace(text, j + 4);
  }
  if (c === 0x77 && startsAt(text, i, 'www.') && i + 4 < text.length && !isSpace(text.charCodeAt(i + 4)))
    return skipNonSpace(text, i + 5);
  if ((c === 0x74 || c === 0x62) && (i === 0 || !isWordChar(text.charCodeAt(i - 1)))) {
    const j = startsAt(text, i, 't.co/') ? i + 5 : startsAt(text, i, 'bit.ly/') ? i + 7 : -1;
    if (j > 0 && j < text.length && !isSpace(text.charCodeAt(j))) return skipNonSpace(text, j + 1);
  }
  return -1;
}

/** End of a number from `i` (digits, with inner . , : h H between digits: "12:30", "1.5"). */
function numberEnd(text: string, i: number): number {
  let end = skipDigits(text, i);
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (!(c === 0x2e || c === 0x2c || c === 0x3a || c === 0x68 || c === 0x48)) break;
    if (end + 1 >= text.length || classAt(text, end + 1) !== NUMBER_CLASS) break;
    end = skipDigits(text, end + 1);
  }
  return end;
}

/** End of a signature from `i` (at '^': one to three letters then a word boundary), or -1. */
function signatureEnd(text: string, i: number): number {
  // The regex tries three letters, then two, then one: the longest that ends on a boundary.
  const ends: number[] = [];
  let j = i + 1;
  while (ends.length < 3 && j < text.length && classAt(text, j) === LETTER_CLASS) ends.push((j += width(text, j)));
  for (let k = ends.length - 1; k >= 0; k--) {
    const end = ends[k]!;
    const before = isWordChar(text.charCodeAt(end - 1));
    const after = end < text.length && isWordChar(text.charCodeAt(end));
    if (before !== after) return end;
  }
  return -1;
}

/** The token that starts at `i`, pushed on `tokens`; returns where the scan goes on (i + 1: none). */
function scanAt(text: string, i: number, tokens: ModelToken[]): number {
  const c = text.charCodeAt(i);
  const link = linkEnd(text, i, c);
  if (link > 0) return push(tokens, '<url>', i, link, false);
  if (c === 0x40 || c === 0xff20 || c === 0x23) {
    const end = skipNameChars(text, i + 1);
    if (end === i + 1) return i + 1;
    if (c === 0x23) return push(tokens, fold(text.slice(i, end)), i, end, false);
    return push(tokens, '<user>', i, end, false);
  }
  const kind = classAt(text, i);
  if (kind === NUMBER_CLASS) return push(tokens, '<num>', i, numberEnd(text, i), false);
  if (kind === LETTER_CLASS) {
    let end = i + width(text, i);
    let ascii = c < 0x80;
    while (end < text.length) {
      const d = text.charCodeAt(end);
      // ASCII letters inline: most words are all ASCII.
      if ((d | 0x20) >= 0x61 && (d | 0x20) <= 0x7a) end++;
      else if (d >= 0x80 && classAt(text, end) === LETTER_CLASS) {
        end += width(text, end);
        ascii = false;
      } else break;
    }
    const next = text.charCodeAt(end);
    if (next === 0x27) end++;
    else if (next === 0x2019) {
      end++;
      ascii = false;
    }
    // An ASCII word folds to its lower case (what `fold` returns for it, without its check).
    const raw = text.slice(i, end);
    return push(tokens, ascii ? raw.toLowerCase() : fold(raw), i, end, true);
  }
  if (c === 0x5e) {
    const end = signatureEnd(text, i);
    return end < 0 ? i + 1 : push(tokens, '<sig>', i, end, false);
  }
  if (c === 0x21 || c === 0x3f) {
    let end = i + 1;
    let both = false;
    while (end < text.length) {
      const d = text.charCodeAt(end);
      if (d !== 0x21 && d !== 0x3f) break;
      if (d !== c) both = true;
      end++;
    }
    const form = end === i + 1 ? text[i]! : both ? '?!' : text[i]! + text[i]!;
    return push(tokens, form, i, end, false);
  }
  if (c === 0x2e) {
    let end = i + 1;
    while (end < text.length && text.charCodeAt(end) === 0x2e) end++;
    return end - i >= 3 ? push(tokens, '...', i, end, false) : i + 1;
  }
  if (c === 0x2026) return push(tokens, '...', i, i + 1, false);
  if (c === 0x3a || c === 0x3b) {
    const j = text.charCodeAt(i + 1) === 0x2d ? i + 2 : i + 1;
    const d = text.charCodeAt(j);
    if (d === 0x28 || d === 0x29 || d === 0x44 || d === 0x50 || d === 0x70)
      return push(tokens, '<smiley>', i, j + 1, false);
  }
  return i + 1;
}

function push(tokens: ModelToken[], form: string, start: number, end: number, word: boolean): number {
  tokens.push({ form, start, end, word });
  return end;
}

/** Lower case, accents and ligatures folded: "Désolé" -> "desole", "cœur" -> "coeur". */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  // Most words are plain ASCII: no decomposition to do (NFD is the costly part).
  let ascii = true;
  for (let i = 0; i < lower.length && ascii; i++) ascii = lower.charCodeAt(i) < 0x80;
  if (ascii) return lower;
  return lower.normalize('NFD').replace(MARKS, '').replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/’/g, "'");
}

// The ASCII codes a token can start with (letters, digits, @ # ^ ! ? . : ;): the scan steps
// over the others (blanks, most punctuation) without trying each kind of token.
const STARTS = new Uint8Array(128);
const STARTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@#^!?.:;';
for (let i = 0; i < STARTERS.length; i++) STARTS[STARTERS.charCodeAt(i)] = 1;

export function tokenize(text: string): ModelToken[] {
  const tokens: ModelToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 128 && STARTS[c] === 0) i++;
    else i = scanAt(text, i, tokens);
  }
  return tokens;
}

/** 32-bit FNV-1a: cheap, stable across platforms and versions (weights depend on it). */
export function hash(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// Feature keys are hashed in parts ("w " then the form), without building the key strings.
const UNIGRAM = hash('w ');
const BIGRAM = hash('b ');
const CHARGRAM = hash('c ');
const SKIPGRAM = hash('k ');

/**
 * The features of a token list, each with the index of the token it belongs to (a bigram
 * belongs to both: it is listed twice with half weight in explanations, once in the vector).
 */
export interface Features {
  /** Bucket of each feature occurrence. */
  buckets: Uint32Array;
  /** Token index of each feature occurrence (-1: the sentence boundary features). */
  owner: Int32Array;
  /** Second owner for bigrams (-1 otherwise). */
  owner2: Int32Array;
  /** The value each occurrence adds: 1/sqrt(number of occurrences), so long and short texts compare. */
  value: number;
}

// The `ignore` lists, as sets (featurize runs per sentence; the options object lives with the model).
// Beside each set, the first codes (ASCII) of its forms as bits: most tokens are words, never
// ignored, and are let through on their first letter.
const ignoreSets = new WeakMap<readonly string[], { set: Set<string>; firsts: Uint32Array }>();
function ignoreSet(ignore: readonly string[]): { set: Set<string>; firsts: Uint32Array } {
  let entry = ignoreSets.get(ignore);
  if (!entry) {
    const firsts = new Uint32Array(4);
    for (const form of ignore) {
      const first = form.charCodeAt(0);
      if (first < 128) firsts[first >> 5]! |= 1 << (first & 31);
    }
    ignoreSets.set(ignore, (entry = { set: new Set(ignore), firsts }));
  }
  return entry;
}

/**
 * `hash(padded.slice(c, c + n), CHARGRAM)` for `padded` = `<${form}>`, without building either
 * string: the code at `p` of the padded form is '<' at 0, '>' at form.length + 1.
 */
function charGramHash(form: string, c: number, n: number): number {
  let h = CHARGRAM;
  const last = form.length + 1;
  for (let p = c; p < c + n; p++) {
    h ^= p === 0 ? 0x3c : p === last ? 0x3e : form.charCodeAt(p - 1);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const BIAS = hash('<bias>');
const PRIME = 0x01000193;
const SPACE = 0x20;
/** The bigram seed of the first token: `hash(' ', hash('<s>', BIGRAM))`. */
const START_BIGRAM = hash(' ', hash('<s>', BIGRAM));

// The indices of the kept tokens, reused from call to call (featurize never runs inside itself).
let keptScratch = new Int32Array(64);
// The buckets of `featureBuckets`, reused likewise.
let bucketScratch = new Uint32Array(256);

/**
 * The tokens the features are built from (indices into `all`; the ignored forms left out), in
 * `keptScratch`; returns their number. A form is only looked up in the set when its first code
 * is the first code of an ignored form (the placeholders: words never are).
 */
function keepTokens(all: readonly ModelToken[], options: FeatureOptions): number {
  if (keptScratch.length < all.length) keptScratch = new Int32Array(all.length * 2);
  const kept = keptScratch;
  let count = 0;
  const ignore = options.ignore;
  if (!ignore?.length) {
    for (let i = 0; i < all.length; i++) kept[count++] = i;
    return count;
  }
  const { set, firsts } = ignoreSet(ignore);
  for (let i = 0; i < all.length; i++) {
    const form = all[i]!.form;
    const first = form.charCodeAt(0);
    if (first < 128 ? (firsts[first >> 5]! & (1 << (first & 31))) === 0 || !set.has(form) : !set.has(form))
      kept[count++] = i;
  }
  return count;
}

/** The number of features of the kept tokens. */
function featureCount(all: readonly ModelToken[], options: FeatureOptions, kept: Int32Array, count: number): number {
  const n = options.charGrams;
  let size = 1 + count * (options.bigrams ? 2 : 1) + (options.bigrams && count ? 1 : 0);
  if (n > 0)
    for (let j = 0; j < count; j++) {
      const token = all[kept[j]!]!;
      if (token.word && token.form.length > n) size += token.form.length + 3 - n;
    }
  if (options.skipBigrams) size += Math.max(0, count - 2);
  return size;
}

export function featurize(all: readonly ModelToken[], options: FeatureOptions): Features {
  const count = keepTokens(all, options);
  const size = featureCount(all, options, keptScratch, count);
  const buckets = new Uint32Array(size);
  const owner = new Int32Array(size);
  const owner2 = new Int32Array(size).fill(-1);
  writeFeatures(all, options, keptScratch, count, buckets, owner, owner2);
  return { buckets, owner, owner2, value: 1 / Math.sqrt(size) };
}

/**
 * The buckets of `featurize` alone (no owners), in an array that the next call reuses: the
 * run-time scoring path, which reads them at once and allocates nothing. `count` buckets are valid.
 */
export function featureBuckets(
  all: readonly ModelToken[],
  options: FeatureOptions,
): { buckets: Uint32Array; count: number; value: number } {
  const count = keepTokens(all, options);
  const size = featureCount(all, options, keptScratch, count);
  if (bucketScratch.length < size) bucketScratch = new Uint32Array(size * 2);
  writeFeatures(all, options, keptScratch, count, bucketScratch, undefined, undefined);
  return { buckets: bucketScratch, count: size, value: 1 / Math.sqrt(size) };
}

// The owners of `reusedFeatures`, reused likewise.
let ownerScratch = new Int32Array(256);
let owner2Scratch = new Int32Array(256);

/**
 * `featurize` into arrays that the next call reuses (views of them, `size` long): for callers that
 * read the features at once and keep nothing (explanations).
 */
export function reusedFeatures(all: readonly ModelToken[], options: FeatureOptions): Features {
  const count = keepTokens(all, options);
  const size = featureCount(all, options, keptScratch, count);
  if (ownerScratch.length < size) {
    ownerScratch = new Int32Array(size * 2);
    owner2Scratch = new Int32Array(size * 2);
  }
  if (bucketScratch.length < size) bucketScratch = new Uint32Array(size * 2);
  const buckets = bucketScratch.subarray(0, size);
  const owner = ownerScratch.subarray(0, size);
  const owner2 = owner2Scratch.subarray(0, size).fill(-1);
  writeFeatures(all, options, keptScratch, count, buckets, owner, owner2);
  return { buckets, owner, owner2, value: 1 / Math.sqrt(size) };
}

/** Writes the features of the kept tokens (and, when given, their owners; owner2 starts at -1). */
function writeFeatures(
  all: readonly ModelToken[],
  options: FeatureOptions,
  kept: Int32Array,
  count: number,
  buckets: Uint32Array,
  owner: Int32Array | undefined,
  owner2: Int32Array | undefined,
): void {
  const mask = options.buckets - 1;
  const n = options.charGrams;
  const bigrams = options.bigrams;
  const skipBigrams = options.skipBigrams === true;
  let k = 0;
  buckets[k] = BIAS & mask;
  if (owner) owner[k] = -1;
  k++;
  // The keys are FNV-1a chains: "w form", "b previous form", "k before-previous form". Each form
  // is read once, all its chains hashed side by side (the same values as `hash` in turn): its
  // unigram, its bigram and skip bigram as the second word, and the seeds of the pairs in which
  // it is the first word (`hash(' ', hash(form, BIGRAM))`, the same with SKIPGRAM).
  let bigramSeed = START_BIGRAM;
  let skipSeed1 = 0; // the skip-pair seed of the previous token
  let skipSeed2 = 0; // ... and of the one before it
  for (let j = 0; j < count; j++) {
    const i = kept[j]!;
    const token = all[i]!;
    const form = token.form;
    const skip = skipBigrams && j >= 2;
    let unigram = UNIGRAM;
    let bigram = bigramSeed;
    let skipGram = skipSeed2;
    let nextBigram = BIGRAM;
    let nextSkip = SKIPGRAM;
    for (let c = 0; c < form.length; c++) {
      const code = form.charCodeAt(c);
      unigram = Math.imul(unigram ^ code, PRIME);
      if (bigrams) {
        bigram = Math.imul(bigram ^ code, PRIME);
        nextBigram = Math.imul(nextBigram ^ code, PRIME);
      }
      if (skipBigrams) {
        skipGram = Math.imul(skipGram ^ code, PRIME);
        nextSkip = Math.imul(nextSkip ^ code, PRIME);
      }
    }
    if (skip) {
      buckets[k] = (skipGram >>> 0) & mask;
      if (owner) {
        owner[k] = i;
        owner2![k] = kept[j - 2]!;
      }
      k++;
    }
    buckets[k] = (unigram >>> 0) & mask;
    if (owner) owner[k] = i;
    k++;
    if (bigrams) {
      buckets[k] = (bigram >>> 0) & mask;
      if (owner) {
        owner[k] = i;
        owner2![k] = j > 0 ? kept[j - 1]! : -1;
      }
      k++;
      bigramSeed = Math.imul(nextBigram ^ SPACE, PRIME);
    }
    if (skipBigrams) {
      skipSeed2 = skipSeed1;
      skipSeed1 = Math.imul(nextSkip ^ SPACE, PRIME);
    }
    if (n > 0 && token.word && form.length > n) {
      for (let c = 0; c + n <= form.length + 2; c++) {
        buckets[k] = charGramHash(form, c, n) & mask;
        if (owner) owner[k] = i;
        k++;
      }
    }
  }
  if (bigrams && count > 0) {
    buckets[k] = hash('</s>', bigramSeed) & mask;
    if (owner) owner[k] = kept[count - 1]!;
  }
}
