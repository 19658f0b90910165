import { closeSync, fstatSync, readSync } from 'node:fs';
import { hash, type FeatureOptions, type ModelToken } from './features.js';
import { ModelFileError, labelIndex, labelMix, labelProbabilities, openModelFile } from './linear.js';

/**
 * A small convolutional network over hashed word embeddings: a model that reads word order
 * ("so you" before "missed" is not "you missed" before "so"), where the linear model reads a bag
 * of word pairs.
 *
 *   tokens (the tokenizer of features.ts, the `ignore` forms left out, <s> and </s> around)
 *   -> one embedding row each, `hash(form)` into `rows` (int8, one scale per dimension)
 *   -> `filters` filters over `width` consecutive tokens, ReLU
 *   -> max over positions (each filter keeps the window that fired it most: the explanation)
 *   -> one dense layer to the labels, softmax.
 *
 * File format (little-endian), `models/<name>.bin`:
 *   4 bytes  "RLTC" (replylint tone convolution)
 *   4 bytes  uint32 length N of the header (padded with spaces so that the arrays sit on 4 bytes)
 *   N bytes  UTF-8 JSON header (NetworkHeader)
 *   float32  embedding scale per dimension (dims)
 *   float32  filters (filters x width x dims), filter biases (filters)
 *   float32  dense weights (labels x filters), dense biases (labels)
 *   int8     embeddings (rows x dims), row-major: a token reads `dims` consecutive bytes
 */
export interface NetworkHeader {
  format: 3;
  kind: 'conv';
  name: string;
  lang: string;
  /** labels[0] is the neutral class ("none"). */
  labels: string[];
  /** Only `ignore` is read (the forms left out); the rows are hashed as the unigrams are. */
  features: FeatureOptions;
  network: NetworkShape;
  trained?: { examples: number; sources: string[]; seed: number; epochs: number };
}

export interface NetworkShape {
  /** Embedding rows: a power of two. */
  rows: number;
  dims: number;
  filters: number;
  /** Tokens a filter reads: 1 or 3 (the window is centred on its token). */
  width: number;
}

/** The float parameters of a network (training works on these; the file stores them, embeddings in int8). */
export interface NetworkWeights {
  embeddings: Float32Array;
  kernels: Float32Array;
  kernelBias: Float32Array;
  dense: Float32Array;
  denseBias: Float32Array;
}

const MAGIC = 'RLTC';
const UNIGRAM = hash('w ');
const START = hash('<s>', UNIGRAM);
const END = hash('</s>', UNIGRAM);

/** The embedding row of a form: its unigram key hashed (the same key as the linear model's unigram). */
export function rowOf(form: string, rows: number): number {
  return hash(form, UNIGRAM) & (rows - 1);
}

/**
 * The rows a network reads for `tokens`, with the token each came from (-1: the <s> and </s>
 * pads): the same function at training and at run time.
 */
export function networkInput(
  tokens: readonly ModelToken[],
  features: FeatureOptions,
  rows: number,
): { rows: Int32Array; owner: Int32Array } {
  const ignore = features.ignore ?? [];
  const kept: number[] = [];
  for (let i = 0; i < tokens.length; i++) if (!ignore.includes(tokens[i]!.form)) kept.push(i);
  const out = new Int32Array(kept.length + 2);
  const owner = new Int32Array(kept.length + 2);
  out[0] = START & (rows - 1);
  owner[0] = -1;
  for (let j = 0; j < kept.length; j++) {
    out[j + 1] = rowOf(tokens[kept[j]!]!.form, rows);
    owner[j + 1] = kept[j]!;
  }
  out[kept.length + 1] = END & (rows - 1);
  owner[kept.length + 1] = -1;
  return { rows: out, owner };
}

/** What a forward pass keeps for the backward pass and for explanations. */
export interface Forward {
  logits: Float64Array;
  /** The pooled value of each filter (>= 0, after ReLU). */
  pooled: Float32Array;
  /** The position that won each filter's max (-1: none fired). */
  winner: Int32Array;
}

/**
 * The forward pass, shared by training (float embeddings: `scale` undefined) and the run time
 * (int8 embeddings times `scale`). `embed(row, d)` is read through the two typed arrays.
 */
export function forward(
  shape: NetworkShape,
  w: Omit<NetworkWeights, 'embeddings'>,
  embeddings: Float32Array | Int8Array,
  scale: Float32Array | undefined,
  input: Int32Array,
  keepDrop?: Float32Array,
): Forward {
  const { dims, filters, width } = shape;
  const n = input.length;
  const half = width >> 1;
  const pooled = new Float32Array(filters);
  const winner = new Int32Array(filters).fill(-1);
  // The input rows as floats, once (the run time's int8 rows dequantised here).
  const x = new Float32Array(n * dims);
  for (let t = 0; t < n; t++) {
    const base = input[t]! * dims;
    for (let d = 0; d < dims; d++) x[t * dims + d] = scale ? embeddings[base + d]! * scale[d]! : embeddings[base + d]!;
  }
  const span = width * dims;
  for (let f = 0; f < filters; f++) {
    const k = w.kernels.subarray(f * span, (f + 1) * span);
    let best = 0;
    let at = -1;
    for (let t = 0; t < n; t++) {
      let a = w.kernelBias[f]!;
      for (let o = 0; o < width; o++) {
        const s = t + o - half;
        if (s < 0 || s >= n) continue;
        const xs = s * dims;
        const ks = o * dims;
        for (let d = 0; d < dims; d++) a += k[ks + d]! * x[xs + d]!;
      }
      if (a > best) {
        best = a;
        at = t;
      }
    }
    pooled[f] = keepDrop ? best * keepDrop[f]! : best;
    winner[f] = at;
  }
  const classes = w.denseBias.length;
  const logits = new Float64Array(classes);
  for (let l = 0; l < classes; l++) {
    let z = w.denseBias[l]!;
    for (let f = 0; f < filters; f++) z += w.dense[l * filters + f]! * pooled[f]!;
    logits[l] = z;
  }
  return { logits, pooled, winner };
}

export class NetworkModel {
  private constructor(
    readonly header: NetworkHeader,
    private readonly params: Omit<NetworkWeights, 'embeddings'>,
    private readonly embeddings: Int8Array,
    private readonly scale: Float32Array,
  ) {}

  get labels(): readonly string[] {
    return this.header.labels;
  }

  /** Opens a weight file (read whole: it is a megabyte); any problem is a ModelFileError naming it. */
  /** `fd`: the file already opened by the caller (closed here). */
  static read(file: string, fd = openModelFile(file)): NetworkModel {
    try {
      const bytes = new Uint8Array(fstatSync(fd).size);
      let done = 0;
      while (done < bytes.length) {
        const got = readSync(fd, bytes, done, bytes.length - done, done);
        if (got === 0) break;
        done += got;
      }
      return NetworkModel.decode(bytes.subarray(0, done), file);
    } finally {
      closeSync(fd);
    }
  }

  /** Reads the arrays straight from the file's bytes (views, no copy). */
  static decode(bytes: Uint8Array, file: string): NetworkModel {
    const fail = (reason: string): never => {
      throw new ModelFileError(file, `not a valid replylint model: ${reason}`);
    };
    if (bytes.length < 8 || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC)
      fail(`it does not start with "${MAGIC}"`);
    const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
    if (8 + headerLength > bytes.length) fail('the header is cut off');
    let header: NetworkHeader;
    try {
      header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 8, headerLength).toString('utf8'));
    } catch {
      return fail('the header is not JSON');
    }
    if (header.format !== 3 || header.kind !== 'conv') fail(`unknown format ${String(header.format)}`);
    const shape = header.network;
    const classes = header.labels?.length ?? 0;
    const valid = (x: unknown) => Number.isInteger(x) && (x as number) > 0;
    if (!shape || ![shape.rows, shape.dims, shape.filters, shape.width].every(valid) || classes < 2)
      fail('the network shape or the labels are missing');
    if ((shape.rows & (shape.rows - 1)) !== 0) fail('the row count is not a power of two');
    if (shape.width > 3 || shape.width % 2 === 0) fail('the window is not 1 or 3 tokens wide');
    const sizes = layout(shape, classes);
    const expected = 8 + headerLength + sizes.floats * 4 + shape.rows * shape.dims;
    if (bytes.length !== expected) fail(`${bytes.length} bytes where the header announces ${expected}`);
    // Float32Array views need a 4-byte aligned offset: copy the (small) float part when it is not.
    const start = bytes.byteOffset + 8 + headerLength;
    const floats =
      start % 4 === 0
        ? new Float32Array(bytes.buffer, start, sizes.floats)
        : new Float32Array(bytes.slice(8 + headerLength, 8 + headerLength + sizes.floats * 4).buffer);
    let at = 0;
    const take = (n: number) => floats.subarray(at, (at += n));
    const scale = take(shape.dims);
    const params = {
      kernels: take(shape.filters * shape.width * shape.dims),
      kernelBias: take(shape.filters),
      dense: take(classes * shape.filters),
      denseBias: take(classes),
    };
    const embeddings = new Int8Array(bytes.buffer, start + sizes.floats * 4, shape.rows * shape.dims);
    return new NetworkModel(header, params, embeddings, scale);
  }

  /** Quantises the embeddings to int8 (one scale per dimension) and encodes the file. */
  static encode(header: NetworkHeader, weights: NetworkWeights): Uint8Array {
    const { rows, dims } = header.network;
    const scale = new Float32Array(dims);
    for (let d = 0; d < dims; d++) {
      let max = 0;
      for (let r = 0; r < rows; r++) max = Math.max(max, Math.abs(weights.embeddings[r * dims + d]!));
      scale[d] = max === 0 ? 1 : max / 127;
    }
    const quantised = new Int8Array(rows * dims);
    for (let r = 0; r < rows; r++)
      for (let d = 0; d < dims; d++)
        quantised[r * dims + d] = Math.round(weights.embeddings[r * dims + d]! / scale[d]!);
    const floats = [scale, weights.kernels, weights.kernelBias, weights.dense, weights.denseBias];
    let json = JSON.stringify(header);
    // Pad the header so that the float arrays start on a 4-byte boundary (views, not copies).
    while ((8 + Buffer.byteLength(json)) % 4 !== 0) json += ' ';
    const head = Buffer.from(json, 'utf8');
    const floatCount = floats.reduce((n, a) => n + a.length, 0);
    const out = new Uint8Array(8 + head.length + floatCount * 4 + quantised.length);
    out.set(Buffer.from(MAGIC, 'latin1'), 0);
    const view = new DataView(out.buffer);
    view.setUint32(4, head.length, true);
    out.set(head, 8);
    let at = 8 + head.length;
    for (const array of floats) for (const v of array) view.setFloat32((at += 4) - 4, v, true);
    out.set(new Uint8Array(quantised.buffer), at);
    return out;
  }

  /**
   * Each row's part of every filter at every offset of the window (`width x filters` sums over
   * the dimensions), worked out the first time a text reads the row and kept in one growing
   * array (`slots` says where): a filter over a window is then `width` additions, where it is
   * `width x dims` multiplications, and an audit meets the same few thousand words again and again.
   */
  private readonly slots = new Map<number, number>();
  private store = new Float32Array(0);
  private slotOf(row: number): number {
    let slot = this.slots.get(row);
    if (slot !== undefined) return slot;
    const { dims, filters, width } = this.header.network;
    // Three windows' worth whatever the width (a narrower filter's other offsets stay zero): the
    // run-time loop reads three offsets without a branch.
    const size = 3 * filters;
    slot = this.slots.size;
    if ((slot + 1) * size > this.store.length) {
      const grown = new Float32Array(Math.max(size * 64, this.store.length * 2));
      grown.set(this.store);
      this.store = grown;
    }
    this.slots.set(row, slot);
    // Row -1 is the zeros a window reads beyond the text.
    if (row < 0) return slot;
    const p = this.store;
    const at = slot * size;
    const kernels = this.params.kernels;
    const base = row * dims;
    for (let f = 0; f < filters; f++)
      for (let o = 0; o < width; o++) {
        let sum = 0;
        const k = (f * width + o) * dims;
        for (let d = 0; d < dims; d++) sum += kernels[k + d]! * (this.embeddings[base + d]! * this.scale[d]!);
        p[at + o * filters + f] = sum;
      }
    return slot;
  }

  /** Row `row`'s part of filter `f` at offset `o` of its window. */
  private projection(row: number, o: number, f: number): number {
    const filters = this.header.network.filters;
    return this.store[this.slotOf(row) * 3 * filters + o * filters + f]!;
  }

  /**
   * The run-time forward pass (the sums of `forward`, by row projections), position by position
   * with the filters in the inner loop (consecutive values of the store).
   */
  private run(tokens: readonly ModelToken[]): { input: ReturnType<typeof networkInput>; pass: Forward } {
    const { filters, width } = this.header.network;
    const input = networkInput(tokens, this.header.features, this.header.network.rows);
    const n = input.rows.length;
    const half = width >> 1;
    const size = 3 * filters;
    const offsets = new Int32Array(n);
    for (let t = 0; t < n; t++) offsets[t] = this.slotOf(input.rows[t]!) * size;
    // Beyond the text a window reads zeros (no branch in the loop).
    const zeros = this.slotOf(-1) * size;
    const store = this.store;
    const best = new Float64Array(filters);
    const winner = new Int32Array(filters).fill(-1);
    const bias = this.params.kernelBias;
    for (let t = 0; t < n; t++) {
      const p0 = t - half >= 0 ? offsets[t - half]! : zeros;
      const p1 = (t - half + 1 < n ? offsets[t - half + 1]! : zeros) + filters;
      const p2 = (t - half + 2 < n ? offsets[t - half + 2]! : zeros) + 2 * filters;
      for (let f = 0; f < filters; f++) {
        const a = bias[f]! + store[p0 + f]! + store[p1 + f]! + store[p2 + f]!;
        if (a > best[f]!) {
          best[f] = a;
          winner[f] = t;
        }
      }
    }
    const pooled = Float32Array.from(best);
    const classes = this.params.denseBias.length;
    const logits = new Float64Array(classes);
    for (let l = 0; l < classes; l++) {
      let z = this.params.denseBias[l]!;
      for (let f = 0; f < filters; f++) z += this.params.dense[l * filters + f]! * pooled[f]!;
      logits[l] = z;
    }
    return { input, pass: { logits, pooled, winner } };
  }

  logitsOf(tokens: readonly ModelToken[]): Float64Array {
    return this.run(tokens).pass.logits;
  }

  probabilities(tokens: readonly ModelToken[]): Map<string, number> {
    return labelProbabilities(this.header.labels, this.logitsOf(tokens));
  }

  explain(tokens: readonly ModelToken[], label: string): number[] {
    return this.contributions(tokens, [[labelIndex(this.header, label), 1]]);
  }

  explainLabels(tokens: readonly ModelToken[], labels: readonly string[]): number[] {
    return this.contributions(tokens, labelMix(this.header.labels, this.probabilities(tokens), labels));
  }

  /**
   * What each token adds to a mix of labels against "none": each filter's part of the logit gap
   * (its dense weights toward the labels minus toward "none", times its pooled value) goes to
   * the tokens of the window that won its max, each by its own term of the filter's sum.
   */
  private contributions(tokens: readonly ModelToken[], mix: readonly [number, number][]): number[] {
    const { input, pass } = this.run(tokens);
    const { filters, width } = this.header.network;
    const half = width >> 1;
    const { dense } = this.params;
    const contribution = new Array<number>(tokens.length).fill(0);
    for (let f = 0; f < filters; f++) {
      const t = pass.winner[f]!;
      if (t < 0 || pass.pooled[f]! <= 0) continue;
      let toward = 0;
      for (const [l, share] of mix) toward += share * dense[l * filters + f]!;
      const gap = toward - dense[f]!;
      for (let o = 0; o < width; o++) {
        const s = t + o - half;
        if (s < 0 || s >= input.rows.length || input.owner[s]! < 0) continue;
        contribution[input.owner[s]!]! += gap * this.projection(input.rows[s]!, o, f);
      }
    }
    return contribution;
  }
}

/** The number of float32 values of a network file (scales, filters, dense layer). */
function layout(shape: NetworkShape, classes: number): { floats: number } {
  const { dims, filters, width } = shape;
  return { floats: dims + filters * width * dims + filters + classes * filters + classes };
}

/** Whether a weight file's first bytes say it is a network (else a linear model). */
export function isNetworkFile(prefix: Uint8Array): boolean {
  return prefix.length >= 4 && String.fromCharCode(...prefix.subarray(0, 4)) === MAGIC;
}
