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
}

// \uE000 is the document's link mark (links masked at run time); raw links are found here too,
// so that training text (raw tweets) and run-time text (masked) give the same token.
const TOKEN =
  /\uE000\S*|https?:\/\/\S+|www\.\S+|\b(?:t\.co|bit\.ly)\/\S+|[@＠][\p{L}\p{N}_]+|#[\p{L}\p{N}_]+|\p{N}+(?:[.,:hH]\p{N}+)*|\p{L}+['’]?|\^[\p{L}]{1,3}\b|[!?]+|\.{3,}|…|[:;]-?[()DPp]/gu;
const MARKS = /\p{M}+/gu;

/** Lower case, accents and ligatures folded: "Désolé" -> "desole", "cœur" -> "coeur". */
export function fold(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(MARKS, '').replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/’/g, "'");
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
    else if (raw[0] === '!' || raw[0] === '?') form = raw.length > 1 ? (raw.includes('?') && raw.includes('!') ? '?!' : raw[0]! + raw[0]!) : raw;
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
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

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

export function featurize(tokens: readonly ModelToken[], options: FeatureOptions): Features {
  const mask = options.buckets - 1;
  const buckets: number[] = [];
  const owner: number[] = [];
  const owner2: number[] = [];
  const add = (key: string, a: number, b = -1) => {
    buckets.push(hash(key) & mask);
    owner.push(a);
    owner2.push(b);
  };
  add('<bias>', -1);
  for (let i = 0; i < tokens.length; i++) {
    const form = tokens[i]!.form;
    add(`w ${form}`, i);
    if (options.bigrams) add(`b ${i === 0 ? '<s>' : tokens[i - 1]!.form} ${form}`, i, i > 0 ? i - 1 : -1);
    const n = options.charGrams;
    if (n > 0 && tokens[i]!.word && form.length > n) {
      const padded = `<${form}>`;
      for (let k = 0; k + n <= padded.length; k++) add(`c ${padded.slice(k, k + n)}`, i);
    }
  }
  if (options.bigrams && tokens.length > 0) add(`b ${tokens[tokens.length - 1]!.form} </s>`, tokens.length - 1);
  return {
    buckets: Uint32Array.from(buckets),
    owner: Int32Array.from(owner),
    owner2: Int32Array.from(owner2),
    value: 1 / Math.sqrt(buckets.length),
  };
}
