import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import {
  featureBuckets,
  reusedFeatures,
  featurize,
  tokenize,
  type FeatureOptions,
  type Features,
  type ModelToken,
} from './features.js';

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
  trained?: { examples: number; sources: string[]; seed: number; epochs: number; ensemble?: number[] };
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
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A weight file read row by row, on demand: a pre-send check scores one or two texts, some 40
 * features each, so it reads 40 rows of 8 bytes instead of the whole megabyte. After this many
 * rows (an audit), the rest of the file is read at once.
 */
const LAZY_ROWS = 512;
interface RowSource {
  fd: number;
  file: string;
  /** Byte offset of the weights in the file. */
  offset: number;
  /** Byte length of all the weights (buckets x labels). */
  length: number;
  /**
   * The rows read so far, one after the other, and where each bucket's row sits in `pool`: no
   * array of the whole model's size until the rest is read (LAZY_ROWS). A zeroed array of 2 MB
   * (and a Uint8Array of a byte per bucket) whose pages the rows touch here and there cost some
   * 80 page faults of a pre-send check for 40 rows.
   */
  slots: Map<number, number>;
  pool: Int8Array;
}

export class LinearModel {
  private constructor(
    readonly header: ModelHeader,
    /**
     * The int8 weights, bucket-major (buckets x labels): the labels of one feature sit in one
     * cache line, where the file's label-major order would cost a cache miss per label.
     */
    private raw: Int8Array,
    private readonly scale: Float64Array,
    /** Set while the weights are read on demand (LinearModel.read); undefined once all are in. */
    private rows?: RowSource,
  ) {}

  /**
   * The weights as little-endian 32-bit words (one a row of 4 labels, two of 8), when they sit on a 4-byte
   * boundary of a little-endian machine: see sumWords.
   */
  private wordView: Uint32Array | null | undefined;
  private get words(): Uint32Array | null {
    if (this.rows) return null; // the rows read so far are in the pool, not in `raw`
    return (this.wordView ??=
      this.raw.byteOffset % 4 === 0 && this.raw.length % 4 === 0 && LITTLE_ENDIAN
        ? new Uint32Array(this.raw.buffer, this.raw.byteOffset, this.raw.length / 4)
        : null);
  }

  /**
   * Reads the rows of the first `count` buckets not read yet (models read with `read`; others
   * have them all).
   */
  private ensureRows(buckets: Uint32Array, count = buckets.length): void {
    const source = this.rows;
    if (!source) return;
    const width = this.scale.length;
    const { slots } = source;
    for (let i = 0; i < count; i++) {
      const b = buckets[i]!;
      if (slots.has(b)) continue;
      if (slots.size >= LAZY_ROWS) return this.readAll(source);
      const at = slots.size * width;
      if (at + width > source.pool.length) {
        const grown = new Int8Array(source.pool.length * 2);
        grown.set(source.pool);
        source.pool = grown;
      }
      const { pool } = source;
      this.readAt(source, new Uint8Array(pool.buffer, pool.byteOffset, pool.length), at, width, b * width);
      slots.set(b, at);
    }
  }

  /** The whole weight array, read at once: the model then works as one decoded from its bytes. */
  private readAll(source: RowSource): void {
    const raw = new Int8Array(source.length);
    this.readAt(source, new Uint8Array(raw.buffer), 0, raw.length, 0);
    this.raw = raw;
    this.rows = undefined;
    closeSync(source.fd);
  }

  /** `length` bytes of the weights from `from` (offset in the weights) into `bytes` at `at`. */
  private readAt(source: RowSource, bytes: Uint8Array, at: number, length: number, from: number): void {
    try {
      let done = 0;
      while (done < length) {
        const n = readSync(source.fd, bytes, at + done, length - done, source.offset + from + done);
        if (n === 0) throw new Error('the file ended early');
        done += n;
      }
    } catch (error) {
      throw new ModelFileError(source.file, `cannot read the model: ${(error as Error).message}`);
    }
  }

  get labels(): readonly string[] {
    return this.header.labels;
  }

  /**
   * Opens a weight file: the header is read and checked (its size too) now, the weights row by
   * row as texts need them (see LAZY_ROWS). Any problem is a ModelFileError naming the file.
   * `fd`: the file already opened by the caller (the model's from then on).
   */
  static read(file: string, fd = openModelFile(file)): LinearModel {
    try {
      const size = fstatSync(fd).size;
      const prefix = new Uint8Array(Math.min(size, 8));
      readSync(fd, prefix, 0, prefix.length, 0);
      const headerLength = prefix.length === 8 ? new DataView(prefix.buffer).getUint32(4, true) : 0;
      const head = new Uint8Array(Math.min(size, 8 + headerLength));
      readSync(fd, head, 0, head.length, 0);
      const { header, offset, length } = LinearModel.parseHeader(head, size, file);
      const width = header.labels.length;
      const source: RowSource = { fd, file, offset, length, slots: new Map(), pool: new Int8Array(64 * width) };
      return new LinearModel(header, new Int8Array(0), Float64Array.from(header.scale), source);
    } catch (error) {
      closeSync(fd);
      if (error instanceof ModelFileError) throw error;
      throw new ModelFileError(file, `cannot read the model: ${(error as Error).message}`);
    }
  }

  static decode(bytes: Uint8Array, file: string): LinearModel {
    const { header, offset, length } = LinearModel.parseHeader(bytes, bytes.length, file);
    const raw = new Int8Array(bytes.buffer, bytes.byteOffset + offset, length);
    return new LinearModel(header, raw, Float64Array.from(header.scale));
  }

  /**
   * Checks a model's header (`bytes` holds at least the magic and the header, `size` is the whole
   * file's length) and says where its weights are.
   */
  private static parseHeader(
    bytes: Uint8Array,
    size: number,
    file: string,
  ): { header: ModelHeader; offset: number; length: number } {
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
    if (size !== expected) fail(`${size} bytes where the header announces ${expected}`);
    return { header, offset: 8 + headerLength, length: labels.length * buckets };
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
    return this.sum(features.buckets, features.buckets.length, features.value);
  }

  /**
   * `logits(features(tokens))`, without the owners that only explanations read and with the
   * buckets in a reused array: the scoring path of every sentence and reply.
   */
  logitsOf(tokens: readonly ModelToken[]): Float64Array {
    const { buckets, count, value } = featureBuckets(tokens, this.header.features);
    return this.sum(buckets, count, value);
  }

  private sum(buckets: Uint32Array, count: number, value: number): Float64Array {
    this.ensureRows(buckets, count);
    const classes = this.scale.length;
    const source = this.rows;
    const words = !source && (classes === 8 || classes === 4) ? this.words : null;
    const sums = words ? this.sumWords(words, buckets, count, classes) : new Int32Array(classes);
    if (source) {
      // The rows read so far (the same integer sums as sumWords: exact).
      const { slots, pool } = source;
      for (let i = 0; i < count; i++) {
        const base = slots.get(buckets[i]!)!;
        for (let l = 0; l < classes; l++) sums[l]! += pool[base + l]!;
      }
    } else if (!words) {
      const raw = this.raw;
      for (let i = 0; i < count; i++) {
        const base = buckets[i]! * classes;
        for (let l = 0; l < classes; l++) sums[l]! += raw[base + l]!;
      }
    }
    const out = new Float64Array(classes);
    for (let l = 0; l < classes; l++) out[l] = sums[l]! * this.scale[l]! * value;
    return out;
  }

  /**
   * The integer sums of 8-label rows (the tone models) read as two 32-bit words a row: the bytes
   * biased to unsigned (b ^ 0x80 = b + 128) and summed two lanes of 16 bits at a time, the bias
   * taken off at the end. Exact (integers); the lanes are emptied every 128 rows, so that the
   * high lane (at most 255 x 128, shifted by 16) stays a 32-bit signed integer.
   */
  private sumWords(words: Uint32Array, buckets: Uint32Array, count: number, classes: number): Int32Array {
    const sums = new Int32Array(classes);
    let i = 0;
    while (i < count) {
      const stop = Math.min(count, i + 128);
      let a0 = 0;
      let a1 = 0;
      let b0 = 0;
      let b1 = 0;
      if (classes === 8)
        for (; i < stop; i++) {
          const at = buckets[i]! * 2;
          const low = words[at]! ^ 0x80808080;
          const high = words[at + 1]! ^ 0x80808080;
          a0 += low & 0x00ff00ff;
          a1 += (low >>> 8) & 0x00ff00ff;
          b0 += high & 0x00ff00ff;
          b1 += (high >>> 8) & 0x00ff00ff;
        }
      else
        for (; i < stop; i++) {
          const low = words[buckets[i]!]! ^ 0x80808080;
          a0 += low & 0x00ff00ff;
          a1 += (low >>> 8) & 0x00ff00ff;
        }
      sums[0]! += a0 & 0xffff;
      sums[1]! += a1 & 0xffff;
      sums[2]! += a0 >>> 16;
      sums[3]! += a1 >>> 16;
      if (classes === 8) {
        sums[4]! += b0 & 0xffff;
        sums[5]! += b1 & 0xffff;
        sums[6]! += b0 >>> 16;
        sums[7]! += b1 >>> 16;
      }
    }
    for (let l = 0; l < classes; l++) sums[l]! -= 128 * count;
    return sums;
  }

  /** Class probabilities of a text, by label. */
  score(text: string): Map<string, number> {
    return this.probabilities(tokenize(text));
  }

  probabilities(tokens: readonly ModelToken[]): Map<string, number> {
    return labelProbabilities(this.header.labels, this.logitsOf(tokens));
  }

  /**
   * What each token adds to `label` against the neutral class: the weights of its features
   * (a bigram is shared by its two tokens). Positive: the token pushed the text toward `label`.
   */
  explain(tokens: readonly ModelToken[], label: string): number[] {
    return this.contributions(tokens, [[labelIndex(this.header, label), 1]]);
  }

  /**
   * What each token adds to a group of labels against the neutral class: `explain` for each
   * label, weighted by its share of the group's probability in this text (the gradient of the
   * group's log-odds against "none"). The words that carry "hostile", whichever sub-type.
   */
  explainLabels(tokens: readonly ModelToken[], labels: readonly string[]): number[] {
    return this.contributions(tokens, labelMix(this.header.labels, this.probabilities(tokens), labels));
  }

  private contributions(tokens: readonly ModelToken[], mix: readonly [number, number][]): number[] {
    // Read here and dropped: the reused arrays (no allocation per explanation).
    const { buckets, owner, owner2, value } = reusedFeatures(tokens, this.header.features);
    this.ensureRows(buckets);
    // While the weights are read row by row, a bucket's row is where the pool holds it.
    const slots = this.rows?.slots;
    const raw = this.rows ? this.rows.pool : this.raw;
    const scale = this.scale;
    const classes = scale.length;
    const labels = mix.map(([l]) => l);
    const shares = mix.map(([, share]) => share);
    const contribution = new Array<number>(tokens.length).fill(0);
    for (let i = 0; i < buckets.length; i++) {
      const a = owner[i]!;
      if (a < 0) continue;
      const base = slots ? slots.get(buckets[i]!)! : buckets[i]! * classes;
      // The same operations in the same order as share * weight(l, b), label by label.
      let toward = 0;
      for (let m = 0; m < labels.length; m++) {
        const l = labels[m]!;
        toward += shares[m]! * (raw[base + l]! * scale[l]!);
      }
      const delta = (toward - raw[base]! * scale[0]!) * value;
      const c = owner2[i]!;
      if (c < 0) contribution[a]! += delta;
      else {
        contribution[a]! += delta / 2;
        contribution[c]! += delta / 2;
      }
    }
    return contribution;
  }
}

/** Opens a weight file for reading; a missing or unreadable file is a ModelFileError naming it. */
export function openModelFile(file: string): number {
  try {
    return openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelFileError(
      file,
      code === 'ENOENT'
        ? 'model weight file not found (run `npm run train`)'
        : `cannot read the model: ${(error as Error).message}`,
    );
  }
}

/** Each label's probability, by name, from raw class scores. */
export function labelProbabilities(labels: readonly string[], logits: ArrayLike<number>): Map<string, number> {
  const p = softmax(logits);
  return new Map(labels.map((label, i) => [label, p[i]!]));
}

/** A label's index in a model, or an error naming the model: a rule asked for a label it lacks. */
export function labelIndex(header: { name: string; labels: readonly string[] }, label: string): number {
  const l = header.labels.indexOf(label);
  if (l < 0) throw new Error(`model ${header.name} has no label '${label}'`);
  return l;
}

/**
 * A group of labels as a mix to explain: each label of the group (never "none", index 0) weighted
 * by its share of the group's probability in this text.
 */
export function labelMix(
  labels: readonly string[],
  p: ReadonlyMap<string, number>,
  group: readonly string[],
): [number, number][] {
  let total = 0;
  for (const label of group) total += p.get(label) ?? 0;
  const mix: [number, number][] = [];
  for (const label of group) {
    const l = labels.indexOf(label);
    if (l > 0 && total > 0) mix.push([l, p.get(label)! / total]);
  }
  return mix;
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
