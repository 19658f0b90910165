/**
 * The one tokenizer and feature function of the tone models, shared by training
 * (src/model/train.ts) and the run time (src/model/linear.ts): a text scores the same in both
 * because both call `featurize`.
 *
 * Tokens keep their place in the text (for explanations); their form is lower-case and
 * accent-folded ("Désolé" and "desole" are one token), and the parts of a tweet that carry no
 * tone are placeholders: @handles <user>, links <url>, numbers <num>.
 */

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

// \uE000 is the document's link mark (links masked at run time); raw links are found here too,
// so that training text (raw tweets) and run-time text (masked) give the same token.
const TOKEN =
  /\uE000\S*|https?:\/\/\S+|www\.\S+|\b(?:t\.co|bit\.ly)\/\S+|[@＠][\p{L}\p{N}_]+|#[\p{L}\p{N}_]+|\p{N}+(?:[.,:hH]\p{N}+)*|\p{L}+['’]?|\^[\p{L}]{1,3}\b|[!?]+|\.{3,}|…|[:;]-?[()DPp]/gu;
const MARKS = /\p{M}+/gu;

/** Lower case, accents and ligatures folded: "Désolé" -> "desole", "cœur" -> "coeur". */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  // Most words are plain ASCII: no decomposition to do (NFD is the costly part).
  let ascii = true;
  for (let i = 0; i < lower.length && ascii; i++) ascii = lower.charCodeAt(i) < 0x80;
  if (ascii) return lower;
  return lower.normalize('NFD').replace(MARKS, '').replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/’/g, "'");
}

export function tokenize(text: string): ModelToken[] {
  const tokens: ModelToken[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    const start = m.index;
    const first = raw.charCodeAt(0);
    let form: string;
    let word = false;
    if (first === 0xe000 || raw.includes('/') || raw.startsWith('www.')) form = '<url>';
    else if (raw[0] === '@' || raw[0] === '＠') form = '<user>';
    else if (raw[0] === '^') form = '<sig>';
    else if (/^\p{N}/u.test(raw)) form = '<num>';
    else if (raw[0] === '!' || raw[0] === '?')
      form = raw.length > 1 ? (raw.includes('?') && raw.includes('!') ? '?!' : raw[0]! + raw[0]!) : raw;
    else if (raw[0] === '.' || raw === '…') form = '...';
    else if (raw[0] === ':' || raw[0] === ';') form = '<smiley>';
    else {
      form = fold(raw);
      word = raw[0] !== '#';
    }
    tokens.push({ form, start, end: start + raw.length, word });
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

export function featurize(all: readonly ModelToken[], options: FeatureOptions): Features {
  const mask = options.buckets - 1;
  const ignored = options.ignore;
  // Explanations index the tokens given; the features skip the ignored ones.
  const kept: number[] = [];
  for (let i = 0; i < all.length; i++) if (!ignored?.includes(all[i]!.form)) kept.push(i);
  const n = options.charGrams;
  let size = 1 + kept.length * (options.bigrams ? 2 : 1) + (options.bigrams && kept.length ? 1 : 0);
  if (n > 0) for (const i of kept) if (all[i]!.word && all[i]!.form.length > n) size += all[i]!.form.length + 3 - n;
  if (options.skipBigrams) size += Math.max(0, kept.length - 2);

  const buckets = new Uint32Array(size);
  const owner = new Int32Array(size);
  const owner2 = new Int32Array(size).fill(-1);
  let k = 0;
  buckets[k] = hash('<bias>') & mask;
  owner[k++] = -1;
  let previous = '<s>';
  for (let j = 0; j < kept.length; j++) {
    const i = kept[j]!;
    const token = all[i]!;
    const form = token.form;
    if (options.skipBigrams && j >= 2) {
      buckets[k] = hash(form, hash(' ', hash(all[kept[j - 2]!]!.form, SKIPGRAM))) & mask;
      owner[k] = i;
      owner2[k++] = kept[j - 2]!;
    }
    buckets[k] = hash(form, UNIGRAM) & mask;
    owner[k++] = i;
    if (options.bigrams) {
      buckets[k] = hash(form, hash(' ', hash(previous, BIGRAM))) & mask;
      owner[k] = i;
      owner2[k++] = j > 0 ? kept[j - 1]! : -1;
    }
    if (n > 0 && token.word && form.length > n) {
      const padded = `<${form}>`;
      for (let c = 0; c + n <= padded.length; c++) {
        buckets[k] = hash(padded.slice(c, c + n), CHARGRAM) & mask;
        owner[k++] = i;
      }
    }
    previous = form;
  }
  if (options.bigrams && kept.length > 0) {
    buckets[k] = hash('</s>', hash(' ', hash(previous, BIGRAM))) & mask;
    owner[k++] = kept[kept.length - 1]!;
  }
  return { buckets, owner, owner2, value: 1 / Math.sqrt(size) };
}
