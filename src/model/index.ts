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
import { tokenize } from './features.js';
import { LinearModel, strongestRun } from './linear.js';

export { LinearModel, ModelFileError, softmax, strongestRun, type ModelHeader } from './linear.js';
export { featurize, fold, hash, tokenize, type FeatureOptions, type Features, type ModelToken } from './features.js';

const cache = new Map<string, LinearModel>();

/** Where the weights of a model live in the package. */
// The package root, worked out on first need (two levels up from dist/model/ and dist/bundle/):
// the browser build includes this module but has no file system, and reads no model.
const packageRoot = () => fileURLToPath(new URL('../..', import.meta.url));

export function modelFile(name: string, lang: string, root = packageRoot()): string {
  return join(root, 'models', `${name}-${lang}.bin`);
}

/**
 * Whether model weights can be read here: not in the browser build (no file system, and the
 * weights are not bundled), where model-backed rules run on their patterns alone.
 */
let available: boolean | undefined;
export function modelsAvailable(): boolean {
  if (available === undefined) {
    try {
      packageRoot(); // the browser build's node:url stand-in throws
      available = true;
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

/** Scores `text.slice(span.start, span.end)` for a set of labels. */
export function scoreSpan(model: LinearModel, text: string, span: Span, labels: readonly string[]): SpanScore {
  const tokens = tokenize(text.slice(span.start, span.end));
  const p = model.probabilities(tokens);
  let score = 0;
  let kind = labels[0]!;
  for (const label of labels) {
    const q = p.get(label) ?? 0;
    score += q;
    if (q > (p.get(kind) ?? 0)) kind = label;
  }
  const run = tokens.length ? strongestRun(model.explain(tokens, kind)) : undefined;
  const words = run ? { start: span.start + tokens[run.from]!.start, end: span.start + tokens[run.to]!.end } : span;
  return { score, kind, kindScore: p.get(kind) ?? 0, words };
}
