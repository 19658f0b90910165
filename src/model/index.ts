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
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { tokenize, type ModelToken } from './features.js';
import { LinearModel, ModelFileError, softmax, strongestRun } from './linear.js';
import { isNetworkFile, NetworkModel } from './network.js';

export { LinearModel, ModelFileError, softmax, strongestRun, type ModelHeader } from './linear.js';
export { featurize, fold, hash, tokenize, type FeatureOptions, type Features, type ModelToken } from './features.js';
export { impoliteness, politenessStrategies } from './politeness.js';
export { NetworkModel } from './network.js';

/**
 * What the rules ask of a model: the linear model, the network (src/model/network.ts) and the
 * mean of several (`MeanModel`) all answer it.
 */
export interface TextModel {
  readonly labels: readonly string[];
  /** Raw class scores; their softmax is the class probabilities. */
  logitsOf(tokens: readonly ModelToken[]): Float64Array;
  /** What each token adds to `label` against the neutral class. */
  explain(tokens: readonly ModelToken[], label: string): number[];
  /** The same for a group of labels, weighted by their probabilities. */
  explainLabels(tokens: readonly ModelToken[], labels: readonly string[]): number[];
}

/**
 * Several models with the same labels read as one: the mean of their probabilities (its logits
 * are the log of that mean), explanations the mean of theirs.
 */
export class MeanModel implements TextModel {
  constructor(readonly members: readonly TextModel[]) {
    const labels = members[0]!.labels.join(',');
    if (members.some((m) => m.labels.join(',') !== labels)) throw new Error('the models of a mean must share labels');
  }
  get labels(): readonly string[] {
    return this.members[0]!.labels;
  }
  logitsOf(tokens: readonly ModelToken[]): Float64Array {
    const mean = new Float64Array(this.labels.length);
    for (const m of this.members) {
      const p = softmax(m.logitsOf(tokens));
      for (let i = 0; i < p.length; i++) mean[i]! += p[i]! / this.members.length;
    }
    return mean.map((p) => Math.log(Math.max(p, 1e-300)));
  }
  explain(tokens: readonly ModelToken[], label: string): number[] {
    return this.average((m) => m.explain(tokens, label));
  }
  explainLabels(tokens: readonly ModelToken[], labels: readonly string[]): number[] {
    return this.average((m) => m.explainLabels(tokens, labels));
  }
  private average(of: (m: TextModel) => number[]): number[] {
    const parts = this.members.map(of);
    return parts[0]!.map((_, i) => parts.reduce((s, p) => s + p[i]!, 0) / parts.length);
  }
}

const textModels = new Map<string, TextModel>();

/** One weight file, linear or network by its first bytes (cached). */
function readWeightFile(file: string): TextModel {
  let model = textModels.get(file);
  if (model) return model;
  const prefix = new Uint8Array(4);
  // One open for the kind and the weights: the model reads on from the same descriptor.
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    readSync(fd, prefix, 0, 4, 0);
  } catch {
    // Opened again below, where LinearModel.read names the file and says what is wrong with it.
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  }
  if (isNetworkFile(prefix)) model = NetworkModel.read(file, fd);
  else {
    const linear = cache.get(file);
    if (linear && fd !== undefined) closeSync(fd);
    model = linear ?? LinearModel.read(file, fd);
    cache.set(file, model as LinearModel);
  }
  textModels.set(file, model);
  return model;
}

/**
 * The model a rule names: `tone` is models/tone-<lang>.bin; `tone+tone-net` the mean of
 * models/tone-<lang>.bin and models/tone-net-<lang>.bin. Read on first use and cached; a missing
 * or corrupt file is a ModelFileError naming it. `files` gives the weight files directly.
 */
export function loadTextModel(files: readonly string[]): TextModel;
export function loadTextModel(name: string, lang: string): TextModel;
export function loadTextModel(name: string | readonly string[], lang?: string): TextModel {
  const files = typeof name === 'string' ? name.split('+').map((part) => modelFile(part.trim(), lang!)) : name;
  if (files.length === 1) return readWeightFile(files[0]!);
  const key = files.join('+');
  let model = textModels.get(key);
  if (!model) textModels.set(key, (model = new MeanModel(files.map(readWeightFile))));
  return model;
}

const cache = new Map<string, LinearModel>();

/** Where the weights of a model live in the package. */
// The package root (models/ sits beside dist/), worked out on first use: the browser build
// imports this module but never reads a model.
let packageRoot: string | undefined;
export function modelFile(name: string, lang: string, root?: string): string {
  if (root === undefined && candidateRoot !== undefined) {
    const candidate = join(candidateRoot, 'models', `${name}-${lang}.bin`);
    if (existsSync(candidate)) return candidate;
  }
  return join(
    root ?? (packageRoot ??= fileURLToPath(new URL('../..', import.meta.url))),
    'models',
    `${name}-${lang}.bin`,
  );
}

/**
 * For the measuring tools only (`npm run tone-report -- --candidate DIR`): models are read from
 * DIR/models/ where a file is there, from the package's models/ otherwise.
 */
let candidateRoot: string | undefined;
export function useCandidateModels(root: string | undefined): void {
  candidateRoot = root;
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
  TextModel,
  { text: string; bySpan: Map<number, { end: number; tokens: ModelToken[]; p: Float64Array }> }
>();
function scored(model: TextModel, text: string, span: Span): { tokens: ModelToken[]; p: Float64Array } {
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
  model: TextModel;
  text: string;
  labels: readonly string[];
}

// The last text scored, per model: the rules of one model (hostile-tone and deletion-threat; the
// reply model's link-deflection and dead-end-reply) read the same reply one after the other.
const replyMemo = new WeakMap<TextModel, { text: string; p: Float64Array }>();

/** Class probabilities of a whole text (labels in model order), worked out once per model and text. */
export function textProbabilities(model: TextModel, text: string): Float64Array {
  let entry = replyMemo.get(model);
  if (entry?.text !== text) replyMemo.set(model, (entry = { text, p: softmax(model.logitsOf(tokensOf(text))) }));
  return entry.p;
}

/**
 * How a rule reads one score for a group of labels off a model's probabilities:
 *  - `sum`: their summed probability;
 *  - `kind`: the likeliest of them against the neutral class alone (labels[0]), p / (p + p(none)):
 *    a text is flagged when one reading of it is likelier than the neutral one, not when the
 *    neutral reading is out-voted by several weak ones (a plain "It's not." that is a little
 *    dismissal, a little gaslighting and a little condescension).
 */
export type ScoreMode = 'sum' | 'kind';

/** The score of `labels` (see ScoreMode) and the index of the likeliest of them (-1 if none is the model's). */
function labelsScore(
  model: TextModel,
  p: ArrayLike<number>,
  labels: readonly string[],
  mode: ScoreMode = 'sum',
): { score: number; best: number } {
  let score = 0;
  let best = -1;
  for (const label of labels) {
    const i = model.labels.indexOf(label);
    if (i < 0) continue;
    score += p[i]!;
    if (best < 0 || p[i]! > p[best]!) best = i;
  }
  if (mode === 'kind') score = best < 0 ? 0 : p[best]! / (p[best]! + p[0]!);
  return { score, best };
}

/**
 * Scores a whole text at once (the model was trained on whole replies: a sentence is read with
 * its neighbours, "Sending another one just puts you back in the queue" after "DMs are answered
 * in order"). The per-token contributions are only worked out when the score reaches `explainFrom`.
 */
export function scoreReply(
  model: TextModel,
  text: string,
  labels: readonly string[],
  explainFrom = 0,
  mode: ScoreMode = 'sum',
): ReplyScore {
  const tokens = tokensOf(text);
  if (model instanceof MeanModel && explainFrom > 0 && explainFrom <= 1) {
    // A mean cannot reach `explainFrom` when its first member (the cheap linear model) reads so
    // little that even certainty from the others would not lift the mean there: the others are
    // not run, and the score given is that bound (still below `explainFrom`, so nothing is
    // flagged or explained). Most replies stop here.
    const first = model.members[0]!;
    const bound = meanBound(first, textProbabilities(first, text), labels, model.members.length, mode);
    if (bound < explainFrom) return { score: bound, kind: labels[0]!, tokens, model, text, labels };
  }
  const p = textProbabilities(model, text);
  const { score, best } = labelsScore(model, p, labels, mode);
  const kind = best < 0 ? labels[0]! : model.labels[best]!;
  const contribution = best >= 0 && score >= explainFrom && tokens.length ? model.explain(tokens, kind) : undefined;
  return { score, kind, tokens, ...(contribution ? { contribution } : {}), model, text, labels };
}

/**
 * The most a mean of `members` models can score when its first member reads `p` (the others at
 * most certain): each label's mean probability is at most (p + members - 1) / members, the
 * neutral one's at least p(none) / members.
 */
function meanBound(
  first: TextModel,
  p: ArrayLike<number>,
  labels: readonly string[],
  members: number,
  mode: ScoreMode,
): number {
  const others = members - 1;
  const { score, best } = labelsScore(first, p, labels, 'sum');
  if (mode === 'sum') return (score + others) / members;
  if (best < 0) return 0;
  const most = (p[best]! + others) / members;
  return most / (most + p[0]! / members);
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
  model: TextModel,
  text: string,
  span: Span,
  labels: readonly string[],
  explainFrom = 0,
  mode: ScoreMode = 'sum',
): SpanScore {
  const { tokens, p } = scored(model, text, span);
  const { score, best } = labelsScore(model, p, labels, mode);
  const kind = best < 0 ? labels[0]! : model.labels[best]!;
  const run =
    tokens.length && best >= 0 && score >= explainFrom ? strongestRun(model.explain(tokens, kind)) : undefined;
  const words = run ? { start: span.start + tokens[run.from]!.start, end: span.start + tokens[run.to]!.end } : span;
  return { score, kind, kindScore: best < 0 ? 0 : p[best]!, words };
}
