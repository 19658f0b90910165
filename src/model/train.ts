import { featurize, tokenize, type FeatureOptions, type Features } from './features.js';
import { LinearModel, type ModelHeader } from './linear.js';

export interface TrainingExample {
  text: string;
  label: string;
  /** How much the example counts (corpora count less than the team's own replies). */
  weight: number;
  /**
   * Who wrote it: one name for the files of one writer or session, a generator or a corpus
   * (set by the training script from the spec's data; read by `robustGroups`).
   */
  group?: string;
  /** The label its source gave it, when the spec mapped it to another (`otherLabels`). */
  sourceLabel?: string;
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
  /**
   * Each feature occurrence (the bias excepted) is left out of an example at each step with this
   * probability, the kept ones counting 1 / (1 - p) (dropout: the model cannot lean on one
   * feature; for a linear model, a penalty on the features that are rare in one class). 0 or
   * absent: none (and no random draw, so the weights are those of before).
   */
  featureDropout?: number;
  /**
   * A feature may only push toward a hostile label (any label but labels[0]) if it is met in
   * hostile examples of at least this many writers (`TrainingExample.group`): else its hostile
   * weights are capped at its neutral weight once trained. A phrase one writer over-used for
   * hostility is then no evidence on another's replies. Absent: no cap.
   */
  robustGroups?: number;
  /**
   * Label smoothing: each example's target is 1 - s on its label and s spread evenly over the
   * others (the model is less sure of texts like the training ones). Absent: 0.
   */
  smoothing?: number;
  /**
   * Leave the features seen in fewer than `minCount` examples out from the start, not only once
   * trained: the other weights are then fitted without them (a reply's words the model never
   * learnt from do not leave its score to the words it did). The text's length normalisation is
   * unchanged (it counts every feature, as the run time does).
   */
  minCountFirst?: boolean;
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
  if (options.minCountFirst && options.minCount && options.minCount > 1) {
    const seen = new Uint32Array(buckets);
    for (const { features } of data) for (const b of new Set(features.buckets)) seen[b]!++;
    for (const d of data) {
      const all = d.features.buckets;
      const bias = all[0]!;
      const keep = all.filter((b) => b === bias || seen[b]! >= options.minCount!);
      d.features = { ...d.features, buckets: keep };
    }
  }
  const weights = new Float32Array(classes * buckets);
  const squared = new Float32Array(classes * buckets);
  const random = seededRandom(options.seed);
  const order = data.map((_, i) => i);
  const logits = new Float64Array(classes);
  const dropout = options.featureDropout ?? 0;
  const smoothing = options.smoothing ?? 0;
  const onTarget = 1 - smoothing;
  const offTarget = smoothing / (classes - 1);
  // The kept features of the example at hand (all of them without dropout).
  let kept = new Uint32Array(256);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const { features, y, weight } = data[i]!;
      let n = features.buckets.length;
      let active: Uint32Array = features.buckets;
      let value = features.value;
      if (dropout > 0) {
        if (kept.length < n) kept = new Uint32Array(n * 2);
        let m = 0;
        for (let k = 0; k < n; k++) if (k === 0 || random() >= dropout) kept[m++] = features.buckets[k]!;
        active = kept;
        n = m;
        value = features.value / (1 - dropout);
      }
      let max = -Infinity;
      for (let l = 0; l < classes; l++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += weights[l * buckets + active[k]!]!;
        logits[l] = sum * value;
        max = Math.max(max, logits[l]!);
      }
      let total = 0;
      for (let l = 0; l < classes; l++) total += logits[l] = Math.exp(logits[l]! - max);
      for (let l = 0; l < classes; l++) {
        const target = smoothing > 0 ? (l === y ? onTarget : offTarget) : l === y ? 1 : 0;
        const gradient = (logits[l]! / total - target) * weight * value;
        for (let k = 0; k < n; k++) {
          const at = l * buckets + active[k]!;
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
  if (options.robustGroups && options.robustGroups > 1) capSingleWriterFeatures(weights, examples, data, options);
  return weights;
}

/**
 * `TrainOptions.robustGroups`: the hostile weights of a feature met in hostile examples of fewer
 * than that many writers are capped at its neutral weight (it may still say "neutral").
 */
function capSingleWriterFeatures(
  weights: Float32Array,
  examples: readonly TrainingExample[],
  data: readonly { features: Features; y: number }[],
  options: TrainOptions,
): void {
  const buckets = options.features.buckets;
  const classes = options.labels.length;
  const groupIds = new Map<string, number>();
  // Per bucket, the writers met in its hostile examples (up to robustGroups of them).
  const writers = new Map<number, Set<number>>();
  data.forEach(({ features, y }, i) => {
    if (y === 0) return;
    const name = examples[i]!.group ?? `#${i}`;
    let g = groupIds.get(name);
    if (g === undefined) groupIds.set(name, (g = groupIds.size));
    for (let k = 1; k < features.buckets.length; k++) {
      const b = features.buckets[k]!;
      let set = writers.get(b);
      if (!set) writers.set(b, (set = new Set()));
      if (set.size < options.robustGroups!) set.add(g);
    }
  });
  const bias = data[0]?.features.buckets[0];
  for (let b = 0; b < buckets; b++) {
    if (b === bias || (writers.get(b)?.size ?? 0) >= options.robustGroups!) continue;
    const neutral = weights[b]!;
    for (let l = 1; l < classes; l++) if (weights[l * buckets + b]! > neutral) weights[l * buckets + b] = neutral;
  }
}
