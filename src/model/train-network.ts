import { tokenize } from './features.js';
import {
  forward,
  networkInput,
  NetworkModel,
  type NetworkHeader,
  type NetworkShape,
  type NetworkWeights,
} from './network.js';
import { seededRandom, shuffle, type TrainOptions, type TrainingExample } from './train.js';

/** The options of a network's training: the linear model's, with the shape and Adam's settings. */
export interface NetworkTrainOptions extends Omit<TrainOptions, 'rate' | 'l2' | 'ensemble'> {
  network: NetworkShape;
  /** Adam's step size at the start; it falls linearly to 0 over the epochs. */
  rate: number;
  /** Examples per update. */
  batch: number;
  /** Share of the pooled filters dropped at each training step (0: none). */
  dropout: number;
  /** Weight decay of the filters and the dense layer (decoupled, as AdamW). */
  decay: number;
  /**
   * Share of the words left out of an example at each step (the model cannot lean on one word
   * alone: a reply is hostile by its construction more than by one word). 0 by default.
   */
  wordDropout?: number;
  /**
   * Share of each target spread over the other labels (0: none): a network trained to certainty
   * on our replies is certain on real ones it misreads; a little doubt keeps its scores ranked.
   */
  smoothing?: number;
}

/**
 * Mini-batch Adam on the softmax cross-entropy, manual backpropagation (the max-pool sends each
 * filter's gradient to the one window that won it). Deterministic: seeded initialisation,
 * shuffles and dropout, so the same examples and options give the same bytes.
 */
export function trainNetwork(
  examples: readonly TrainingExample[],
  options: NetworkTrainOptions,
): { model: NetworkModel; bytes: Uint8Array; weights: NetworkWeights } {
  const weights = trainNetworkWeights(examples, options);
  const header: NetworkHeader = {
    format: 3,
    kind: 'conv',
    name: options.name,
    lang: options.lang,
    labels: options.labels,
    features: options.features,
    network: options.network,
    trained: { examples: examples.length, sources: options.sources, seed: options.seed, epochs: options.epochs },
  };
  const bytes = NetworkModel.encode(header, weights);
  return { model: NetworkModel.decode(bytes, `${options.name}-${options.lang}`), bytes, weights };
}

/** Adam's moments of one parameter array, updated in place. */
class Adam {
  readonly m: Float32Array;
  readonly v: Float32Array;
  constructor(size: number) {
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }
  step(
    param: Float32Array,
    grad: Float32Array,
    from: number,
    to: number,
    rate: number,
    decay: number,
    t: number,
  ): void {
    const b1 = 0.9;
    const b2 = 0.999;
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    for (let i = from; i < to; i++) {
      const g = grad[i]!;
      const m = (this.m[i] = b1 * this.m[i]! + (1 - b1) * g);
      const v = (this.v[i] = b2 * this.v[i]! + (1 - b2) * g * g);
      param[i]! -= rate * (m / c1 / (Math.sqrt(v / c2) + 1e-8) + decay * param[i]!);
      grad[i] = 0;
    }
  }
}

export function trainNetworkWeights(
  examples: readonly TrainingExample[],
  options: NetworkTrainOptions,
): NetworkWeights {
  const { labels, network: shape } = options;
  const { rows, dims, filters, width } = shape;
  const classes = labels.length;
  const half = width >> 1;
  const span = width * dims;
  const index = new Map(labels.map((l, i) => [l, i]));
  const data = examples.map((e) => {
    const y = index.get(e.label);
    if (y === undefined) throw new Error(`example label '${e.label}' is not one of ${labels.join(', ')}`);
    return { input: networkInput(tokenize(e.text), options.features, rows).rows, y, weight: e.weight };
  });
  const random = seededRandom(options.seed);
  const gauss = () => {
    // Box-Muller on the seeded generator.
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const w: NetworkWeights = {
    embeddings: Float32Array.from({ length: rows * dims }, () => gauss() * 0.1),
    kernels: Float32Array.from({ length: filters * span }, () => gauss() * Math.sqrt(2 / span)),
    kernelBias: new Float32Array(filters),
    dense: Float32Array.from({ length: classes * filters }, () => gauss() * Math.sqrt(1 / filters)),
    denseBias: new Float32Array(classes),
  };
  const grads: NetworkWeights = {
    embeddings: new Float32Array(rows * dims),
    kernels: new Float32Array(filters * span),
    kernelBias: new Float32Array(filters),
    dense: new Float32Array(classes * filters),
    denseBias: new Float32Array(classes),
  };
  const adam = {
    embeddings: new Adam(rows * dims),
    kernels: new Adam(filters * span),
    kernelBias: new Adam(filters),
    dense: new Adam(classes * filters),
    denseBias: new Adam(classes),
  };
  const touched = new Uint8Array(rows);
  const touchedRows: number[] = [];
  const keep = new Float32Array(filters);
  const order = data.map((_, i) => i);
  const steps = options.epochs * Math.ceil(data.length / options.batch);
  let t = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (let start = 0; start < order.length; start += options.batch) {
      const stop = Math.min(order.length, start + options.batch);
      let batchWeight = 0;
      for (let b = start; b < stop; b++) batchWeight += data[order[b]!]!.weight;
      for (let b = start; b < stop; b++) {
        const { input: whole, y, weight } = data[order[b]!]!;
        const input = options.wordDropout ? dropWords(whole, options.wordDropout, random) : whole;
        for (let f = 0; f < filters; f++)
          keep[f] = options.dropout > 0 ? (random() < options.dropout ? 0 : 1 / (1 - options.dropout)) : 1;
        const pass = forward(shape, w, w.embeddings, undefined, input, keep);
        const p = softmax32(pass.logits);
        const share = weight / batchWeight;
        const smooth = options.smoothing ?? 0;
        const target = (l: number) => (l === y ? 1 - smooth : smooth / (classes - 1));
        for (let l = 0; l < classes; l++) {
          const dz = (p[l]! - target(l)) * share;
          grads.denseBias[l]! += dz;
          for (let f = 0; f < filters; f++) grads.dense[l * filters + f]! += dz * pass.pooled[f]!;
        }
        for (let f = 0; f < filters; f++) {
          const at = pass.winner[f]!;
          if (at < 0 || keep[f] === 0) continue;
          let dPooled = 0;
          for (let l = 0; l < classes; l++) dPooled += (p[l]! - target(l)) * share * w.dense[l * filters + f]!;
          const da = dPooled * keep[f]!;
          grads.kernelBias[f]! += da;
          for (let o = 0; o < width; o++) {
            const s = at + o - half;
            if (s < 0 || s >= input.length) continue;
            const row = input[s]!;
            if (!touched[row]) {
              touched[row] = 1;
              touchedRows.push(row);
            }
            const k = (f * width + o) * dims;
            for (let d = 0; d < dims; d++) {
              grads.kernels[k + d]! += da * w.embeddings[row * dims + d]!;
              grads.embeddings[row * dims + d]! += da * w.kernels[k + d]!;
            }
          }
        }
      }
      t++;
      const rate = options.rate * (1 - (t - 1) / steps);
      adam.kernels.step(w.kernels, grads.kernels, 0, w.kernels.length, rate, options.decay, t);
      adam.kernelBias.step(w.kernelBias, grads.kernelBias, 0, filters, rate, 0, t);
      adam.dense.step(w.dense, grads.dense, 0, w.dense.length, rate, options.decay, t);
      adam.denseBias.step(w.denseBias, grads.denseBias, 0, classes, rate, 0, t);
      // Lazy Adam for the embeddings: only the rows this batch read move (the others have no gradient).
      for (const row of touchedRows) {
        adam.embeddings.step(w.embeddings, grads.embeddings, row * dims, (row + 1) * dims, rate, 0, t);
        touched[row] = 0;
      }
      touchedRows.length = 0;
    }
  }
  if (options.minCount && options.minCount > 1) {
    // Rows met in fewer examples than minCount are noise on new text: they read as nothing.
    const seen = new Uint32Array(rows);
    for (const { input } of data) for (const r of new Set(input)) seen[r]!++;
    for (let r = 0; r < rows; r++) if (seen[r]! < options.minCount) w.embeddings.fill(0, r * dims, (r + 1) * dims);
  }
  return w;
}

/** The rows of an example without some of its words (the <s> and </s> pads stay). */
function dropWords(input: Int32Array, share: number, random: () => number): Int32Array {
  const kept: number[] = [input[0]!];
  for (let i = 1; i < input.length - 1; i++) if (random() >= share) kept.push(input[i]!);
  kept.push(input[input.length - 1]!);
  return Int32Array.from(kept);
}

function softmax32(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const z of logits) max = Math.max(max, z);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i]! - max);
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}
