import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { featureBuckets } from '../src/model/features.js';
import { featurize, fold, LinearModel, loadModel, tokenize, type ModelToken } from '../src/model/index.js';
import { ROOT } from './helpers.js';

/**
 * The tokenizer as it was written first, one regex: `tokenize` scans by char code for speed and
 * must give exactly these tokens (weights depend on every form and offset).
 */
const TOKEN =
  /\uE000\S*|https?:\/\/\S+|www\.\S+|\b(?:t\.co|bit\.ly)\/\S+|[@＠][\p{L}\p{N}_]+|#[\p{L}\p{N}_]+|\p{N}+(?:[.,:hH]\p{N}+)*|\p{L}+['’]?|\^[\p{L}]{1,3}\b|[!?]+|\.{3,}|…|[:;]-?[()DPp]/gu;
function referenceTokenize(text: string): ModelToken[] {
  const tokens: ModelToken[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    const start = m.index;
    const first = raw.charCodeAt(0);
    let form: string;
    let word = false;
    if (first === 0xe000 || raw.includes('/') || raw.startsWith('www.')) form = '<url>';
    else if (raw[0] === '@' || raw[0] === '＠') form = '<user>';
    else if (raw[0] === '^') form = '<sig>';
    else if (/^\p{N}/u.test(raw)) form = '<num>';
    else if (raw[0] === '!' || raw[0] === '?')
      form = raw.length > 1 ? (raw.includes('?') && raw.includes('!') ? '?!' : raw[0]! + raw[0]!) : raw;
    else if (raw[0] === '.' || raw === '…') form = '...';
    else if (raw[0] === ':' || raw[0] === ';') form = '<smiley>';
    else {
      form = fold(raw);
      word = raw[0] !== '#';
    }
    tokens.push({ form, start, end: start + raw.length, word });
  }
  return tokens;
}

/** The pieces random texts are made of: each one a case the scanner must read as the regex does. */
const PIECES = [
  ..."aZéÉœæçñßİıﬁ’'_-.,:;!?^@＠#/\\()DPphHw tbc0123456789²½٣𝟏𝐀😀👍🏽\u0301\u00a0\u2009\u3000\u2028\ufeff\t\n\r\uE000…",
  '\ud83d',
  '\ude00',
  'http',
  'https://',
  'http://x.y/z',
  'www.',
  'www.acme.com',
  't.co/',
  't.co/Ab1',
  'bit.ly/',
  'bit.ly/x',
  '12:30',
  '1.5',
  '3h',
  '10H45',
  '...',
  '..',
  ':-)',
  ':-(',
  ';)',
  ':D',
  ':-P',
  ':p',
  '^JD',
  '^ab',
  '^abcd',
  '^é',
  '@Acme_Help',
  '#Désolé',
  "don't",
  'l’équipe',
  'Désolé',
  'e\u0301te\u0301',
  '!!',
  '?!',
  '!?!',
];
const randomText = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));

describe('tokenize (the char-code scanner)', () => {
  it('gives the tokens, offsets and forms of the reference regex on random texts', () => {
    fc.assert(
      fc.property(
        fc.oneof(randomText, fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary' })),
        (text) => {
          expect(tokenize(text)).toEqual(referenceTokenize(text));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('gives the tokens of the reference regex on the training data (our own replies, both languages)', () => {
    let files = 0;
    for (const lang of ['en', 'fr']) {
      const dir = join(ROOT, 'training', lang);
      for (const name of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
        const text = readFileSync(join(dir, name), 'utf8');
        expect(tokenize(text)).toEqual(referenceTokenize(text));
        files++;
      }
    }
    expect(files).toBeGreaterThan(10);
  });

  it('reads the cases written out', () => {
    const text =
      '@Acme ＠x #Tag https://t.co/a www.x.fr xt.co/b (t.co/c) 12:30 12. 3h ^JD ^abcd ... .. … :-) :x !?! ?? l’été e\u0301 😀 𝐀𝐁 ²';
    expect(tokenize(text).map((t) => [t.form, text.slice(t.start, t.end)])).toEqual(
      referenceTokenize(text).map((t) => [t.form, text.slice(t.start, t.end)]),
    );
    expect(tokenize(text).map((t) => t.form)).toContain('<sig>');
  });
});

describe('featurize', () => {
  it('hashes character n-grams of the padded form as the sliced strings did', () => {
    // The reference: the n-grams of `<form>` as strings, hashed with the 'c ' prefix.
    const tokens = tokenize('Désolé pour le retard, vraiment');
    for (const n of [2, 3, 4, 5]) {
      const options = { buckets: 1 << 20, bigrams: false, charGrams: n };
      const got = [...featurize(tokens, options).buckets];
      const fnv = (text: string, seed = 0x811c9dc5) => {
        let h = seed;
        for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
        return h >>> 0;
      };
      const want = [fnv('<bias>') & ((1 << 20) - 1)];
      for (const t of tokens) {
        want.push(fnv(t.form, fnv('w ')) & ((1 << 20) - 1));
        const padded = `<${t.form}>`;
        if (t.word && t.form.length > n)
          for (let c = 0; c + n <= padded.length; c++)
            want.push(fnv(padded.slice(c, c + n), fnv('c ')) & ((1 << 20) - 1));
      }
      expect(got).toEqual(want);
    }
  });

  it('leaves out the ignored forms', () => {
    const tokens = tokenize('@acme thanks https://x.y/z');
    const all = featurize(tokens, { buckets: 1024, bigrams: true, charGrams: 0 });
    const some = featurize(tokens, { buckets: 1024, bigrams: true, charGrams: 0, ignore: ['<user>', '<url>'] });
    expect([...some.owner].filter((o) => o >= 0).every((o) => o === 1)).toBe(true);
    expect(some.buckets.length).toBeLessThan(all.buckets.length);
  });

  it('gives the scoring path the same buckets and logits without owners (featureBuckets, logitsOf)', () => {
    const lines = readFileSync(join(ROOT, 'training', 'en', 'replies-2.txt'), 'utf8')
      .split('\n')
      .slice(0, 300);
    for (const name of ['tone', 'reply']) {
      const model = loadModel(name, 'en');
      for (const line of lines) {
        const tokens = tokenize(line);
        const full = featurize(tokens, model.header.features);
        const fast = featureBuckets(tokens, model.header.features);
        expect([...fast.buckets.subarray(0, fast.count)]).toEqual([...full.buckets]);
        expect(fast.value).toBe(full.value);
        expect([...model.logitsOf(tokens)]).toEqual([...model.logits(full)]);
      }
    }
  });

  it('sums rows of 4 and 8 labels by 32-bit words exactly as byte by byte, extreme weights and long texts too', () => {
    const words = readFileSync(join(ROOT, 'training', 'fr', 'replies-2.txt'), 'utf8').split(/\s+/);
    const texts = [words.slice(0, 40).join(' '), words.slice(0, 700).join(' '), '', 'ok'];
    for (const labels of [4, 8, 3]) {
      const buckets = 256;
      const weights = new Float32Array(labels * buckets);
      // Every byte value, -127..127, in every label (rounding of the random extremes included).
      for (let k = 0; k < weights.length; k++) weights[k] = ((k * 7919) % 255) - 127;
      const header = {
        format: 2 as const,
        name: 't',
        lang: 'fr',
        labels: Array.from({ length: labels }, (_, i) => `l${i}`),
        features: { buckets, bigrams: true, charGrams: 3, skipBigrams: true },
      };
      const bytes = LinearModel.encode(header, weights);
      // The weights on a 4-byte boundary (the word-by-word sum), then one byte off (byte by byte).
      const weightsAt = 8 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true);
      const at = (4 - (weightsAt % 4)) % 4;
      const copy = (offset: number) => {
        const buffer = new Uint8Array(bytes.length + 8);
        buffer.set(bytes, offset);
        return buffer.subarray(offset, offset + bytes.length);
      };
      const aligned = LinearModel.decode(copy(at), 'aligned.bin');
      const plain = LinearModel.decode(copy(at + 1), 'shifted.bin');
      for (const text of texts) {
        const tokens = tokenize(text);
        expect([...aligned.logitsOf(tokens)]).toEqual([...plain.logitsOf(tokens)]);
        const f = featurize(tokens, header.features);
        let sum0 = 0;
        for (const b of f.buckets) sum0 += Math.round(weights[b]! / aligned.header.scale[0]!);
        expect(aligned.logits(f)[0]).toBe(sum0 * aligned.header.scale[0]! * f.value);
      }
    }
  });

  it('explains a score as the weights of its features do, feature by feature (reused arrays)', () => {
    const lines = readFileSync(join(ROOT, 'training', 'en', 'replies-2.txt'), 'utf8')
      .split('\n')
      .slice(0, 200);
    const model = loadModel('tone', 'en');
    const { labels, scale } = model.header;
    const bytes = readFileSync(join(ROOT, 'models', 'tone-en.bin'));
    const weightsAt = 8 + bytes.readUInt32LE(4);
    const weight = (l: number, b: number) => bytes.readInt8(weightsAt + b * labels.length + l) * scale[l]!;
    for (const line of lines) {
      const tokens = tokenize(line);
      if (!tokens.length) continue;
      const f = featurize(tokens, model.header.features);
      const want = new Array<number>(tokens.length).fill(0);
      f.buckets.forEach((b, i) => {
        const delta = (1 * weight(1, b) - weight(0, b)) * f.value;
        const [a, c] = [f.owner[i]!, f.owner2[i]!];
        if (a < 0) return;
        if (c < 0) want[a]! += delta;
        else {
          want[a]! += delta / 2;
          want[c]! += delta / 2;
        }
      });
      expect(model.explain(tokens, labels[1]!)).toEqual(want);
    }
  });
});
