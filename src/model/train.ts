import { featurize, tokenize, type FeatureOptions } from './features.js';
import { LinearModel, type ModelHeader } from './linear.js';

export interface TrainingExample {
  text: string;
  label: string;
  /** How much the example counts (corpora count less than the team's own replies). */
  weight: number;
}

export interface TrainOptions {
  name: string;
  lang: string;
  /** labels[0] is the neutral class. */
  labels: string[];
  features: FeatureOptions;
  epochs: number;
  /** AdaGrad learning rate. */
  rate: number;
  /** L2 penalty, applied to the weights an example touches. */
  l2: number;
  seed: number;
  sources: string[];
  /**
   * Features seen in fewer training examples than this get no weight: a word met once (a name
   * in one corpus tweet) is noise, and on new text it would read as evidence.
   */
  minCount?: number;
  /**
   * Train this many models, each with its own seed (its shuffles and generated examples), and
   * average their weights (for a linear model, the same as averaging their scores): the scores
   * of texts unlike the training data vary less from one seed to the next. 1 by default.
   */
  ensemble?: number;
}

/** mulberry32: a small seeded generator, so that the shuffles (and the weights) are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Softmax regression by AdaGrad over hashed features: the features come from `featurize`, the
 * function the run time uses, so a text scores the same through `LinearModel` as here.
 * Deterministic: the same examples, options and seed give the same weights, byte for byte.
 */
export function trainSoftmax(
  examples: readonly TrainingExample[],
  options: TrainOptions,
): { model: LinearModel; bytes: Uint8Array } {
  return encodeTrained(trainWeights(examples, options), options, [options.seed], examples.length);
}

/** The weights in the file's header and int8 encoding. */
export function encodeTrained(
  weights: Float32Array,
  options: TrainOptions,
  seeds: number[] = [options.seed],
  examples?: number,
): { model: LinearModel; bytes: Uint8Array } {
  const header: Omit<ModelHeader, 'scale'> = {
    format: 2,
    name: options.name,
    lang: options.lang,
    labels: options.labels,
    features: options.features,
    trained: {
      examples: examples ?? 0,
      sources: options.sources,
      seed: options.seed,
      epochs: options.epochs,
      ...(seeds.length > 1 ? { ensemble: seeds } : {}),
    },
  };
  const bytes = LinearModel.encode(header, weights);
  return { model: LinearModel.decode(bytes, `${options.name}-${options.lang}`), bytes };
}

/** Averages the weights of several models trained alike (see TrainOptions.ensemble). */
export function averageWeights(members: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(members[0]!.length);
  for (const w of members) for (let i = 0; i < out.length; i++) out[i]! += w[i]!;
  for (let i = 0; i < out.length; i++) out[i]! /= members.length;
  return out;
}

/** Softmax regression weights (label-major, labels x buckets), before quantisation. */
export function trainWeights(examples: readonly TrainingExample[], options: TrainOptions): Float32Array {
  const { labels, features: featureOptions } = options;
  const buckets = featureOptions.buckets;
  const classes = labels.length;
  const index = new Map(labels.map((l, i) => [l, i]));
  const data = examples.map((e) => {
    const y = index.get(e.label);
    if (y === undefined) throw new Error(`example label '${e.label}' is not one of ${labels.join(', ')}`);
    return { features: featurize(tokenize(e.text), featureOptions), y, weight: e.weight };
  });
  const weights = new Float32Array(classes * buckets);
  const squared = new Float32Array(classes * buckets);
  const random = seededRandom(options.seed);
  const order = data.map((_, i) => i);
  const logits = new Float64Array(classes);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const { features, y, weight } = data[i]!;
      const n = features.buckets.length;
      let max = -Infinity;
      for (let l = 0; l < classes; l++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += weights[l * buckets + features.buckets[k]!]!;
        logits[l] = sum * features.value;
        max = Math.max(max, logits[l]!);
      }
      let total = 0;
      for (let l = 0; l < classes; l++) total += logits[l] = Math.exp(logits[l]! - max);
      for (let l = 0; l < classes; l++) {
        const gradient = (logits[l]! / total - (l === y ? 1 : 0)) * weight * features.value;
        for (let k = 0; k < n; k++) {
          const at = l * buckets + features.buckets[k]!;
          const g = gradient + options.l2 * weights[at]!;
          squared[at]! += g * g;
          weights[at]! -= (options.rate * g) / Math.sqrt(squared[at]! + 1e-8);
        }
      }
    }
  }
  if (options.minCount && options.minCount > 1) {
    const seen = new Uint32Array(buckets);
    for (const { features } of data) for (const b of new Set(features.buckets)) seen[b]!++;
    for (let b = 0; b < buckets; b++)
      if (seen[b]! < options.minCount) for (let l = 0; l < classes; l++) weights[l * buckets + b] = 0;
  }
  return weights;
}
