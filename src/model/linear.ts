import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { featurize, tokenize, type FeatureOptions, type Features, type ModelToken } from './features.js';

/**
 * A softmax (multinomial logistic) model over hashed features, with int8 weights.
 *
 * File format (little-endian), `models/<name>.bin`:
 *   4 bytes  "RLTM" (replylint tone model)
 *   4 bytes  uint32 length N of the header
 *   N bytes  UTF-8 JSON header (ModelHeader)
 *   buckets x labels bytes: int8 weights, bucket-major; weight = byte * scale[label]
 * (bucket-major: the labels of one feature sit in one cache line, and the run time uses the
 * bytes as read, with no pass over a million weights at start-up)
 */
export interface ModelHeader {
  format: 2;
  name: string;
  lang: string;
  /** Class labels; labels[0] is the neutral class ("none"). */
  labels: string[];
  features: FeatureOptions;
  /** Per-label dequantisation scale. */
  scale: number[];
  /** What the model was trained on (for `--explain`-style reports and the README). */
  trained?: { examples: number; sources: string[]; seed: number; epochs: number };
}

/** A missing, truncated or foreign weight file: a usage error, so the CLI reports it and exits with 2. */
export class ModelFileError extends UsageError {
  override name = 'ModelFileError';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

const MAGIC = 'RLTM';

export class LinearModel {
  private constructor(
    readonly header: ModelHeader,
    /**
     * The int8 weights, bucket-major (buckets x labels): the labels of one feature sit in one
     * cache line, where the file's label-major order would cost a cache miss per label.
     */
    private readonly raw: Int8Array,
    private readonly scale: Float64Array,
  ) {}

  private weight(label: number, bucket: number): number {
    return this.raw[bucket * this.scale.length + label]! * this.scale[label]!;
  }

  get labels(): readonly string[] {
    return this.header.labels;
  }

  /** Reads a weight file; any problem is a ModelFileError naming the file. */
  static read(file: string): LinearModel {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ModelFileError(
        file,
        code === 'ENOENT'
          ? 'model weight file not found (run `npm run train`)'
          : `cannot read the model: ${(error as Error).message}`,
      );
    }
    return LinearModel.decode(bytes, file);
  }

  static decode(bytes: Uint8Array, file: string): LinearModel {
    const fail = (reason: string): never => {
      throw new ModelFileError(file, `not a valid replylint model: ${reason}`);
    };
    if (bytes.length < 8 || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC)
      fail(`it does not start with "${MAGIC}"`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerLength = view.getUint32(4, true);
    if (8 + headerLength > bytes.length) fail('the header is cut off');
    let header: ModelHeader;
    try {
      header = JSON.parse(
        Buffer.from(bytes.buffer, bytes.byteOffset + 8, headerLength).toString('utf8'),
      ) as ModelHeader;
    } catch {
      return fail('the header is not JSON');
    }
    const { labels, features, scale } = header;
    if (header.format !== 2) fail(`unknown format ${String(header.format)} (retrain with npm run train)`);
    if (!Array.isArray(labels) || labels.length < 2 || !Array.isArray(scale) || scale.length !== labels.length)
      fail('labels or scales are missing');
    const buckets = features?.buckets;
    if (!Number.isInteger(buckets) || buckets < 2 || (buckets & (buckets - 1)) !== 0)
      fail('the bucket count is not a power of two');
    const expected = 8 + headerLength + labels.length * buckets;
    if (bytes.length !== expected) fail(`${bytes.length} bytes where the header announces ${expected}`);
    const raw = new Int8Array(bytes.buffer, bytes.byteOffset + 8 + headerLength, labels.length * buckets);
    return new LinearModel(header, raw, Float64Array.from(scale));
  }

  /** Quantises to int8 (one scale per label) and encodes the file. */
  static encode(header: Omit<ModelHeader, 'scale'>, weights: Float32Array): Uint8Array {
    const { labels, features } = header;
    const buckets = features.buckets;
    const scale: number[] = [];
    const quantised = new Int8Array(weights.length);
    for (let l = 0; l < labels.length; l++) {
      let max = 0;
      for (let k = l * buckets; k < (l + 1) * buckets; k++) max = Math.max(max, Math.abs(weights[k]!));
      const s = max === 0 ? 1 : max / 127;
      scale.push(Number(s.toPrecision(9)));
      for (let b = 0; b < buckets; b++)
        quantised[b * labels.length + l] = Math.round(weights[l * buckets + b]! / scale[l]!);
    }
    const json = Buffer.from(JSON.stringify({ ...header, scale }), 'utf8');
    const out = new Uint8Array(8 + json.length + quantised.length);
    out.set(Buffer.from(MAGIC, 'latin1'), 0);
    new DataView(out.buffer).setUint32(4, json.length, true);
    out.set(json, 8);
    out.set(new Uint8Array(quantised.buffer), 8 + json.length);
    return out;
  }

  features(tokens: readonly ModelToken[]): Features {
    return featurize(tokens, this.header.features);
  }

  /** Raw class scores (before softmax) for a feature vector. */
  logits(features: Features): Float64Array {
    const classes = this.scale.length;
    const sums = new Int32Array(classes);
    const raw = this.raw;
    for (let i = 0; i < features.buckets.length; i++) {
      const base = features.buckets[i]! * classes;
      for (let l = 0; l < classes; l++) sums[l]! += raw[base + l]!;
    }
    const out = new Float64Array(classes);
    for (let l = 0; l < classes; l++) out[l] = sums[l]! * this.scale[l]! * features.value;
    return out;
  }

  /** Class probabilities of a text, by label. */
  score(text: string): Map<string, number> {
    return this.probabilities(tokenize(text));
  }

  probabilities(tokens: readonly ModelToken[]): Map<string, number> {
    const p = softmax(this.logits(this.features(tokens)));
    return new Map(this.header.labels.map((label, i) => [label, p[i]!]));
  }

  /**
   * What each token adds to `label` against the neutral class: the weights of its features
   * (a bigram is shared by its two tokens). Positive: the token pushed the text toward `label`.
   */
  explain(tokens: readonly ModelToken[], label: string): number[] {
    const l = this.header.labels.indexOf(label);
    if (l < 0) throw new Error(`model ${this.header.name} has no label '${label}'`);
    const features = this.features(tokens);
    const contribution = new Array<number>(tokens.length).fill(0);
    for (let i = 0; i < features.buckets.length; i++) {
      const b = features.buckets[i]!;
      const delta = (this.weight(l, b) - this.weight(0, b)) * features.value;
      const [a, c] = [features.owner[i]!, features.owner2[i]!];
      if (a < 0) continue;
      if (c < 0) contribution[a]! += delta;
      else {
        contribution[a]! += delta / 2;
        contribution[c]! += delta / 2;
      }
    }
    return contribution;
  }
}

export function softmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i]! - max);
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/**
 * The run of tokens that carried a label: the contiguous window with the largest total
 * contribution (Kadane), a small cost per token keeping it to the words that matter.
 */
export function strongestRun(
  contribution: readonly number[],
  maxTokens = 12,
): { from: number; to: number } | undefined {
  // A loop, not Math.max(...contribution): a spread of a long sentence's tokens overflows the stack.
  let top = 0;
  for (const value of contribution) if (value > top) top = value;
  if (top <= 0) return undefined;
  const cost = top * 0.15;
  let best = { from: 0, to: 0, sum: -Infinity };
  let from = 0;
  let sum = 0;
  for (let i = 0; i < contribution.length; i++) {
    if (sum <= 0) {
      from = i;
      sum = 0;
    }
    sum += contribution[i]! - cost;
    if (sum > best.sum) best = { from, to: i, sum };
  }
  // Too long a window quotes the whole sentence: keep the strongest tokens' part of it.
  while (best.to - best.from + 1 > maxTokens) {
    if (contribution[best.from]! < contribution[best.to]!) best.from++;
    else best.to--;
  }
  return { from: best.from, to: best.to };
}
