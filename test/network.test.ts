import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTextModel, MeanModel, ModelFileError, scoreReply, softmax, tokenize } from '../src/model/index.js';
import { forward, networkInput, NetworkModel } from '../src/model/network.js';
import { trainSoftmax, type TrainingExample } from '../src/model/train.js';
import { trainNetwork, type NetworkTrainOptions } from '../src/model/train-network.js';
import { lintWithModelRule, ROOT, tempTree } from './helpers.js';

const EXAMPLES: TrainingExample[] = [
  { text: 'Sorry about the wait, can you DM us your order number?', label: 'none', weight: 1 },
  { text: 'Thanks for flagging, we are looking into it.', label: 'none', weight: 1 },
  { text: 'Happy to help, send us a DM with the details.', label: 'none', weight: 1 },
  { text: 'This is your fault, you should have read the terms.', label: 'blame', weight: 1 },
  { text: 'You must have typed the wrong address.', label: 'blame', weight: 1 },
  { text: 'You should have checked the address before you ordered.', label: 'blame', weight: 1 },
];
const OPTIONS: NetworkTrainOptions = {
  name: 't',
  lang: 'en',
  labels: ['none', 'blame'],
  features: { buckets: 1024, bigrams: false, charGrams: 0, ignore: ['<user>'] },
  network: { rows: 1024, dims: 8, filters: 12, width: 3 },
  epochs: 60,
  rate: 0.01,
  batch: 2,
  dropout: 0.1,
  decay: 0,
  wordDropout: 0.1,
  smoothing: 0.05,
  seed: 11,
  sources: ['test'],
};
const TEXTS = ['You should have read the terms.', '@sam Can you DM us the order number?', 'Une phrase jamais vue', ''];

describe('convolutional tone network (src/model/network.ts)', () => {
  it('scores a text the same through the training code path and the run-time path, file read back', () => {
    const { model, bytes } = trainNetwork(EXAMPLES, OPTIONS);
    const dir = tempTree({ 'net.bin': '' });
    writeFileSync(join(dir, 'net.bin'), bytes);
    const runtime = NetworkModel.read(join(dir, 'net.bin'));
    // The forward pass of training, on the int8 weights as stored: the run time's row projections
    // give the same logits (to float32 rounding of the inputs).
    const decoded = NetworkModel.decode(bytes, 'net.bin') as unknown as {
      params: Parameters<typeof forward>[1];
      embeddings: Int8Array;
      scale: Float32Array;
    };
    for (const text of TEXTS) {
      const tokens = tokenize(text);
      expect(runtime.logitsOf(tokens)).toEqual(model.logitsOf(tokens));
      const input = networkInput(tokens, OPTIONS.features, OPTIONS.network.rows).rows;
      const reference = forward(OPTIONS.network, decoded.params, decoded.embeddings, decoded.scale, input).logits;
      runtime.logitsOf(tokens).forEach((z, i) => expect(z).toBeCloseTo(reference[i]!, 5));
    }
    expect(runtime.probabilities(tokenize('You should have read the terms.')).get('blame')!).toBeGreaterThan(0.5);
    expect(runtime.probabilities(tokenize('Can you DM us the order number?')).get('none')!).toBeGreaterThan(0.5);
  });

  it('is deterministic: the same data and seed give the same bytes', () => {
    const a = trainNetwork(EXAMPLES, OPTIONS).bytes;
    const b = trainNetwork(EXAMPLES, OPTIONS).bytes;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(trainNetwork(EXAMPLES, { ...OPTIONS, seed: 12 }).bytes).equals(Buffer.from(a))).toBe(false);
  });

  it('reads word order: the same words in another order score differently', () => {
    const { model } = trainNetwork(EXAMPLES, OPTIONS);
    const a = model.logitsOf(tokenize('you should have read the terms'));
    const b = model.logitsOf(tokenize('terms the read have should you'));
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });

  it('explains a score by the tokens of the windows that won the max-pool', () => {
    const { model } = trainNetwork(EXAMPLES, OPTIONS);
    const tokens = tokenize('@sam Hello there. This is your fault, you should have read the terms.');
    const contribution = model.explain(tokens, 'blame');
    expect(contribution).toHaveLength(tokens.length);
    // The ignored handle reads as nothing; the strongest token is a word of the blame.
    expect(contribution[0]).toBe(0);
    const top = contribution.indexOf(Math.max(...contribution));
    expect(['your', 'fault', 'you', 'should', 'have', 'read', 'terms', 'the', 'is', 'this']).toContain(
      tokens[top]!.form,
    );
    expect(model.explainLabels(tokens, ['blame'])).toEqual(contribution);
  });

  it('names the file when the weights are missing, cut off or foreign', () => {
    expect(() => NetworkModel.read('/nonexistent/tone-net-xx.bin')).toThrow(
      /\/nonexistent\/tone-net-xx\.bin: model weight file not found/,
    );
    const { bytes } = trainNetwork(EXAMPLES, { ...OPTIONS, epochs: 1 });
    const dir = tempTree({ 'cut.bin': '' });
    writeFileSync(join(dir, 'cut.bin'), bytes.subarray(0, bytes.length - 10));
    expect(() => NetworkModel.read(join(dir, 'cut.bin'))).toThrow(ModelFileError);
    expect(() => loadTextModel([join(dir, 'cut.bin')])).toThrow(
      /cut\.bin: not a valid replylint model: \d+ bytes where/,
    );
    const garbled = Uint8Array.from(bytes);
    garbled.fill(0x7b, 8, 20);
    writeFileSync(join(dir, 'garbled.bin'), garbled);
    expect(() => loadTextModel([join(dir, 'garbled.bin')])).toThrow(/garbled\.bin: not a valid replylint model/);
  });
});

describe('mean of models (`model: a+b`)', () => {
  /** A linear model and a network trained on the same examples, and their mean. */
  function trainedMean() {
    const net = trainNetwork(EXAMPLES, OPTIONS).model;
    const linear = trainSoftmax(EXAMPLES, {
      ...OPTIONS,
      features: { buckets: 1024, bigrams: true, charGrams: 0 },
      epochs: 5,
      rate: 0.5,
      l2: 0,
    }).model;
    return { linear, net, mean: new MeanModel([linear, net]) };
  }

  it('reads the mean of the probabilities of its members, whatever their kind', () => {
    const { linear, net, mean } = trainedMean();
    for (const text of TEXTS) {
      const tokens = tokenize(text);
      const a = softmax(linear.logitsOf(tokens));
      const b = softmax(net.logitsOf(tokens));
      softmax(mean.logitsOf(tokens)).forEach((p, i) => expect(p).toBeCloseTo((a[i]! + b[i]!) / 2, 12));
    }
  });

  it('flags exactly the replies the full mean flags, running the second member only where the first leaves a chance', () => {
    const { mean } = trainedMean();
    const texts = [...TEXTS, ...EXAMPLES.map((e) => e.text), 'Thanks, you should DM us.'];
    for (const threshold of [0.3, 0.5, 0.7, 0.9])
      for (const text of texts) {
        const exact = scoreReply(mean, text, ['blame']).score;
        const read = scoreReply(mean, text, ['blame'], threshold);
        expect(read.score >= threshold).toBe(exact >= threshold);
        if (exact >= threshold) expect(read.score).toBeCloseTo(exact, 12);
        else expect(read.score).toBeGreaterThanOrEqual(exact - 1e-12);
      }
  });

  it('exits with 2 and names the weight file when a member of a rule’s mean is not there', () => {
    const r = lintWithModelRule('tone+nosuch-net');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(ROOT, 'models', 'nosuch-net-en.bin'));
  });
});
