/**
 * Trained text models for rules (issue 11): the tone model of the hostile-tone family, and any
 * other model a spec entry in training/models.json adds (e.g. an "investigates" model).
 *
 * API (everything here is pure TypeScript: no native code, no network):
 *  - `loadModel(name, lang)`: the model in `models/<name>-<lang>.bin`, read on first use and
 *    cached (a rule that is never reached never reads its weights). A missing or corrupt file
 *    throws `ModelFileError` naming the file; the CLI reports it and exits with 2.
 *  - `model.score(text)`: class probabilities by label (`Map<label, p>`, softmax; labels[0] is
 *    the neutral class "none").
 *  - `scoreSpan(model, text, span, labels)`: what the classifier rule type uses: the summed
 *    probability of `labels` for one sentence, the most probable of them (`kind`) and the words
 *    that carried it (a span inside the sentence).
 *  - `model.explain(tokens, label)`: per-token contributions to `label` against "none";
 *    `strongestRun` picks the words to quote.
 *  - Tokenizer and features: `tokenize` / `featurize` in ./features.ts, the same functions at
 *    training and at run time.
 *  - Training: `trainSoftmax(examples, options)` in ./train.ts (deterministic: seeded shuffle,
 *    fixed epochs), driven by `npm run train` (src/tools/train.ts), which reads the spec of
 *    models (labels, data files, corpora, weights) in training/models.json and writes models/.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Span } from '../diagnostics.js';
import { tokenize, type ModelToken } from './features.js';
import { LinearModel, softmax, strongestRun } from './linear.js';

export { LinearModel, ModelFileError, softmax, strongestRun, type ModelHeader } from './linear.js';
export { featurize, fold, hash, tokenize, type FeatureOptions, type Features, type ModelToken } from './features.js';
export { impoliteness, politenessStrategies } from './politeness.js';

const cache = new Map<string, LinearModel>();

/** Where the weights of a model live in the package. */
// The package root (models/ sits beside dist/), worked out on first use: the browser build
// imports this module but never reads a model.
let packageRoot: string | undefined;
export function modelFile(
  name: string,
  lang: string,
  root = (packageRoot ??= fileURLToPath(new URL('../..', import.meta.url))),
): string {
  return join(root, 'models', `${name}-${lang}.bin`);
}

/**
 * Whether weights can be read here: not in the browser build, which has no file system (its
 * classifier rules keep their patterns and leave the model out).
 */
let available: boolean | undefined;
export function modelsAvailable(): boolean {
  if (available === undefined) {
    try {
      // The browser build stubs node:url and node:fs: working out the path already throws there.
      available =
        typeof process !== 'undefined' &&
        typeof process.versions?.node === 'string' &&
        modelFile('tone', 'en').length > 0;
    } catch {
      available = false;
    }
  }
  return available;
}

export function loadModel(name: string, lang: string, file = modelFile(name, lang)): LinearModel {
  let model = cache.get(file);
  if (!model) cache.set(file, (model = LinearModel.read(file)));
  return model;
}

export interface SpanScore {
  /** Summed probability of the labels asked for. */
  score: number;
  /** The most probable of them. */
  kind: string;
  /** Probability of `kind` alone. */
  kindScore: number;
  /** The words that carried `kind` (offsets in `text`), or the whole span when none stands out. */
  words: Span;
}

// The rules of one model (hostile-tone, deletion-threat) read the same sentences of the same
// reply one after the other: each sentence is tokenized and scored once. The cache holds the
// sentences of the last text seen (per model), keyed by place: no copy or hash of the text.
const memo = new WeakMap<
  LinearModel,
  { text: string; bySpan: Map<number, { end: number; tokens: ModelToken[]; p: Float64Array }> }
>();
function scored(model: LinearModel, text: string, span: Span): { tokens: ModelToken[]; p: Float64Array } {
  let last = memo.get(model);
  if (!last || last.text !== text) memo.set(model, (last = { text, bySpan: new Map() }));
  let entry = last.bySpan.get(span.start);
  if (!entry || entry.end !== span.end) {
    const tokens = tokenize(text.slice(span.start, span.end));
    last.bySpan.set(span.start, (entry = { end: span.end, tokens, p: softmax(model.logitsOf(tokens)) }));
  }
  return entry;
}

/**
 * The tokens of a text, kept for the last text asked (per text, not per model): the rules that
 * read one reply with several models (tone, reply) tokenize it once.
 */
let lastTokens: { text: string; tokens: ModelToken[] } | undefined;
export function tokensOf(text: string): ModelToken[] {
  if (lastTokens?.text !== text) lastTokens = { text, tokens: tokenize(text) };
  return lastTokens.tokens;
}

export interface ReplyScore {
  /** Summed probability of the labels asked for, the whole text read at once. */
  score: number;
  /** The most probable of them. */
  kind: string;
  /** The tokens of the text (offsets in it) and what each one added to `kind` against "none". */
  tokens: readonly ModelToken[];
  contribution?: number[];
  /** The model, text and labels read, for `strongestWords` to explain a sentence on its own. */
  model: LinearModel;
  text: string;
  labels: readonly string[];
}

// The last text scored, per model: the rules of one model (hostile-tone and deletion-threat; the
// reply model's link-deflection and dead-end-reply) read the same reply one after the other.
const replyMemo = new WeakMap<LinearModel, { text: string; p: Float64Array }>();

/** Class probabilities of a whole text (labels in model order), worked out once per model and text. */
export function textProbabilities(model: LinearModel, text: string): Float64Array {
  let entry = replyMemo.get(model);
  if (entry?.text !== text) replyMemo.set(model, (entry = { text, p: softmax(model.logitsOf(tokensOf(text))) }));
  return entry.p;
}

/** The summed probability of `labels` and the index of the likeliest of them (-1 if none is the model's). */
function labelsScore(
  model: LinearModel,
  p: ArrayLike<number>,
  labels: readonly string[],
): { score: number; best: number } {
  let score = 0;
  let best = -1;
  for (const label of labels) {
    const i = model.labels.indexOf(label);
    if (i < 0) continue;
    score += p[i]!;
    if (best < 0 || p[i]! > p[best]!) best = i;
  }
  return { score, best };
}

/**
 * Scores a whole text at once (the model was trained on whole replies: a sentence is read with
 * its neighbours, "Sending another one just puts you back in the queue" after "DMs are answered
 * in order"). The per-token contributions are only worked out when the score reaches `explainFrom`.
 */
export function scoreReply(model: LinearModel, text: string, labels: readonly string[], explainFrom = 0): ReplyScore {
  const tokens = tokensOf(text);
  const p = textProbabilities(model, text);
  const { score, best } = labelsScore(model, p, labels);
  const kind = best < 0 ? labels[0]! : model.labels[best]!;
  const contribution = best >= 0 && score >= explainFrom && tokens.length ? model.explain(tokens, kind) : undefined;
  return { score, kind, tokens, ...(contribution ? { contribution } : {}), model, text, labels };
}

/**
 * The words to quote for a reply-level reading: in each sentence whose tokens added to the label
 * at least `share` of what the strongest sentence added (among `sentences`), the run that carried
 * it; the strongest first. Empty when no sentence adds anything. (A hostile sentence said twice is
 * two findings; a neutral opener beside it is none.)
 *
 * The sentences are chosen on the whole reply's reading, the words inside each on the sentence
 * read alone, against all the labels asked for (weighted by their share in that sentence): the
 * word pairs that straddle two sentences, the text's first and last words and the reply's
 * likeliest sub-type would otherwise move the quote with the neighbours, and one sentence said
 * once or twice would be quoted on different words.
 */
export function strongestWords(reading: ReplyScore, sentences: readonly Span[], share = 0.5): Span[] {
  const { tokens, contribution } = reading;
  if (!contribution) return [];
  const parts: { sentence: Span; from: number; to: number; sum: number }[] = [];
  let t = 0;
  for (const sentence of sentences) {
    while (t < tokens.length && tokens[t]!.start < sentence.start) t++;
    const from = t;
    let sum = 0;
    while (t < tokens.length && tokens[t]!.end <= sentence.end) sum += Math.max(0, contribution[t++]!);
    if (t > from && sum > 0) parts.push({ sentence, from, to: t, sum });
  }
  let top = 0;
  for (const p of parts) top = Math.max(top, p.sum);
  return parts
    .filter((p) => p.sum >= share * top)
    .sort((x, y) => y.sum - x.sum)
    .map((p) => {
      const alone = tokenize(reading.text.slice(p.sentence.start, p.sentence.end));
      const run = alone.length ? strongestRun(reading.model.explainLabels(alone, reading.labels)) : undefined;
      if (run) return { start: p.sentence.start + alone[run.from]!.start, end: p.sentence.start + alone[run.to]!.end };
      // Alone, the sentence adds nothing: its words that added most beside its neighbours.
      const beside = strongestRun(contribution.slice(p.from, p.to));
      return beside ? { start: tokens[p.from + beside.from]!.start, end: tokens[p.from + beside.to]!.end } : p.sentence;
    });
}

/**
 * Scores `text.slice(span.start, span.end)` for a set of labels. The words are only looked for
 * when the score reaches `explainFrom` (explaining costs a second pass over the features).
 */
export function scoreSpan(
  model: LinearModel,
  text: string,
  span: Span,
  labels: readonly string[],
  explainFrom = 0,
): SpanScore {
  const { tokens, p } = scored(model, text, span);
  const { score, best } = labelsScore(model, p, labels);
  const kind = best < 0 ? labels[0]! : model.labels[best]!;
  const run =
    tokens.length && best >= 0 && score >= explainFrom ? strongestRun(model.explain(tokens, kind)) : undefined;
  const words = run ? { start: span.start + tokens[run.from]!.start, end: span.start + tokens[run.to]!.end } : span;
  return { score, kind, kindScore: best < 0 ? 0 : p[best]!, words };
}
