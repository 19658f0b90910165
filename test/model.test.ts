import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  featurize,
  fold,
  impoliteness,
  LinearModel,
  loadModel,
  MeanModel,
  ModelFileError,
  modelFile,
  politenessStrategies,
  scoreReply,
  scoreSpan,
  tokenize,
} from '../src/model/index.js';
import { REQUEST_HOSTILITY_WEIGHT, STRATEGIES_WEIGHT, temper, toneOf } from '../src/model/tone-score.js';
import { averageWeights, encodeTrained, trainSoftmax, trainWeights, type TrainingExample } from '../src/model/train.js';
import { generate, readLabelledText, withoutTweetFrame } from '../src/tools/training-data.js';
import { cli, lintWithModelRule, ROOT, tempTree } from './helpers.js';

const OPTIONS = { buckets: 1024, bigrams: true, charGrams: 4 };
const EXAMPLES: TrainingExample[] = [
  { text: 'Sorry about the wait, can you DM us your order number?', label: 'none', weight: 1 },
  { text: 'Thanks for flagging, we are looking into it.', label: 'none', weight: 1 },
  { text: 'This is your fault, you should have read the terms.', label: 'blame', weight: 1 },
  { text: 'You must have typed the wrong address.', label: 'blame', weight: 1 },
];
/** The small model's training options; a test changes the seed where it needs another. */
const TRAIN_OPTIONS = {
  name: 't',
  lang: 'en',
  labels: ['none', 'blame'],
  features: OPTIONS,
  epochs: 5,
  rate: 0.5,
  l2: 0,
  seed: 7,
  sources: ['test'],
};
const train = () => trainSoftmax(EXAMPLES, TRAIN_OPTIONS);

describe('tokenizer and features (shared by training and run time)', () => {
  it('folds case and accents, and turns handles, links and numbers into placeholders', () => {
    expect(fold('Désolé')).toBe(fold('desole'));
    expect(tokenize('@Acme_Help Désolé! 2 colis: https://t.co/x1Y ^JL').map((t) => t.form)).toEqual([
      '<user>',
      'desole',
      '!',
      '<num>',
      'colis',
      '<url>',
      '<sig>',
    ]);
    // The run time sees links masked by the document (U+E000 then blanks): the same token.
    expect(tokenize('see \uE000       now').map((t) => t.form)).toEqual(['see', '<url>', 'now']);
  });

  it('keeps each token at its place in the text', () => {
    const text = 'Well, obviously.';
    expect(tokenize(text).map((t) => text.slice(t.start, t.end))).toEqual(['Well', 'obviously']);
  });

  it('adds the word pairs one word apart with skipBigrams, each owned by its two words, and nothing without it', () => {
    const tokens = tokenize("that's on you");
    const plain = featurize(tokens, OPTIONS);
    expect(featurize(tokens, { ...OPTIONS, skipBigrams: false })).toEqual(plain);
    const skip = featurize(tokens, { ...OPTIONS, skipBigrams: true });
    // that' s on you: two pairs one word apart ("that' * on", "s * you")
    expect(skip.buckets.length).toBe(plain.buckets.length + 2);
    const pairs = [...skip.owner2].map((o, k) => [o, skip.owner[k]]).filter(([o, a]) => o! >= 0 && a! - o! === 2);
    expect(pairs).toEqual([
      [0, 2],
      [1, 3],
    ]);
  });

  it('hashes into the bucket range', () => {
    const f = featurize(tokenize('It is not rocket science'), OPTIONS);
    expect(Math.max(...f.buckets)).toBeLessThan(OPTIONS.buckets);
    expect(f.buckets.length).toBeGreaterThan(5);
  });
});

describe('linear model', () => {
  it('scores a text the same through the training code path and the run-time path', () => {
    // The features of the shipped tone models (skip bigrams) and the plain ones.
    for (const features of [OPTIONS, { ...OPTIONS, skipBigrams: true }]) {
      const { model, bytes } = trainSoftmax(EXAMPLES, { ...TRAIN_OPTIONS, features });
      const runtime = LinearModel.decode(bytes, 'test.bin');
      for (const text of [
        'You should have read the terms.',
        'Can you DM us the order number?',
        'Une phrase jamais vue',
      ]) {
        const a = model.score(text);
        const b = runtime.score(text);
        for (const label of ['none', 'blame']) expect(b.get(label)).toBeCloseTo(a.get(label)!, 12);
      }
      expect(runtime.score('You should have read the terms.').get('blame')!).toBeGreaterThan(0.5);
      expect(runtime.score('Can you DM us the order number?').get('none')!).toBeGreaterThan(0.5);
    }
  });

  it('is deterministic: the same data and seed give the same bytes', () => {
    expect(Buffer.from(train().bytes).equals(Buffer.from(train().bytes))).toBe(true);
  });

  it("averages the weights of an ensemble (its scores are the mean of its members' scores)", () => {
    const options = { ...TRAIN_OPTIONS, seed: 1 };
    const a = trainWeights(EXAMPLES, { ...options, seed: 1 });
    const b = trainWeights(EXAMPLES, { ...options, seed: 2 });
    const mean = averageWeights([a, b]);
    for (const i of [0, 1, a.length >> 1, a.length - 1]) expect(mean[i]).toBeCloseTo((a[i]! + b[i]!) / 2, 6);
    const { model } = encodeTrained(mean, options, [1, 2], EXAMPLES.length);
    expect(model.header.trained?.ensemble).toEqual([1, 2]);
  });

  it('explains a score by the words that carried it', () => {
    const { model } = train();
    const text = 'Hello there. This is your fault, you should have read the terms.';
    const sentence = { start: 13, end: text.length };
    const result = scoreSpan(model, text, sentence, ['blame']);
    expect(result.kind).toBe('blame');
    expect(result.words.start).toBeGreaterThanOrEqual(sentence.start);
    expect(text.slice(result.words.start, result.words.end)).toMatch(/fault|should|read|terms/);
  });

  it('explains a group of labels as the mean of their explanations, weighted by their probabilities', () => {
    const { model } = trainSoftmax(EXAMPLES, { ...TRAIN_OPTIONS, labels: ['none', 'blame', 'sarcasm'] });
    const tokens = tokenize('You must have typed the wrong address.');
    expect(model.explainLabels(tokens, ['blame'])).toEqual(model.explain(tokens, 'blame'));
    const p = model.probabilities(tokens);
    const [blame, sarcasm] = [p.get('blame')!, p.get('sarcasm')!];
    const mixed = model.explainLabels(tokens, ['blame', 'sarcasm']);
    const one = model.explain(tokens, 'blame');
    const other = model.explain(tokens, 'sarcasm');
    mixed.forEach((c, i) => expect(c).toBeCloseTo((blame * one[i]! + sarcasm * other[i]!) / (blame + sarcasm), 9));
  });

  it("reads a group of labels as their sum, or (score: kind) as the likeliest one against 'none' alone", () => {
    const labels = ['none', 'blame', 'sarcasm'];
    const { model } = trainSoftmax(EXAMPLES, { ...TRAIN_OPTIONS, labels });
    for (const text of ['You must have typed the wrong address.', 'Thanks for flagging, we are looking into it.']) {
      const p = model.score(text);
      const [none, blame, sarcasm] = labels.map((l) => p.get(l)!);
      const best = Math.max(blame!, sarcasm!);
      expect(scoreReply(model, text, ['blame', 'sarcasm']).score).toBeCloseTo(blame! + sarcasm!, 12);
      expect(scoreReply(model, text, ['blame', 'sarcasm'], 0, 'kind').score).toBeCloseTo(best / (best + none!), 12);
      const span = { start: 0, end: text.length };
      expect(scoreSpan(model, text, span, ['blame', 'sarcasm'], 0, 'kind').score).toBeCloseTo(
        best / (best + none!),
        12,
      );
    }
    // A mean of models skips its other members only below a bound its full score never passes.
    const other = trainSoftmax(EXAMPLES, { ...TRAIN_OPTIONS, labels, seed: 8 }).model;
    const mean = new MeanModel([model, other]);
    for (const text of ['You should have read the terms.', 'Can you DM us the order number?', 'Une phrase jamais vue'])
      for (const mode of ['sum', 'kind'] as const) {
        const full = scoreReply(mean, text, ['blame', 'sarcasm'], 0, mode).score;
        for (const from of [0.1, 0.5, 0.9, 0.99]) {
          const reading = scoreReply(mean, text, ['blame', 'sarcasm'], from, mode);
          if (full >= from) expect(reading.score).toBeCloseTo(full, 12);
          else expect(reading.score).toBeLessThan(from);
        }
      }
  });

  it('trains with the measured options (dropout, label smoothing, a writer floor, a count floor) deterministically', () => {
    const grouped = EXAMPLES.map((e, i) => ({ ...e, group: i % 2 ? 'writer b' : 'writer a' }));
    for (const extra of [
      { featureDropout: 0.3 },
      { smoothing: 0.1 },
      { robustGroups: 2 },
      { minCount: 2, minCountFirst: true },
    ]) {
      const a = trainSoftmax(grouped, { ...TRAIN_OPTIONS, ...extra }).bytes;
      const b = trainSoftmax(grouped, { ...TRAIN_OPTIONS, ...extra }).bytes;
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      expect(Buffer.from(a).equals(Buffer.from(train().bytes))).toBe(false);
    }
    // With a floor of two writers, words only one writer's hostile lines use add no blame.
    const features = { buckets: 1 << 16, bigrams: false, charGrams: 0 };
    const weights = trainWeights(grouped, { ...TRAIN_OPTIONS, features, robustGroups: 2 });
    const free = trainWeights(grouped, { ...TRAIN_OPTIONS, features });
    const { buckets } = featurize(tokenize('fault terms typed address'), features);
    for (const b of buckets.slice(1)) {
      expect(free[features.buckets + b]!).toBeGreaterThan(free[b]!);
      expect(weights[features.buckets + b]!).toBeLessThanOrEqual(weights[b]!);
    }
  });

  it('names the file when the weights are missing, cut off or foreign', () => {
    expect(() => LinearModel.read('/nonexistent/tone-xx.bin')).toThrow(
      /\/nonexistent\/tone-xx\.bin: model weight file not found/,
    );
    const { bytes } = train();
    expect(() => LinearModel.decode(bytes.subarray(0, bytes.length - 10), 'cut.bin')).toThrow(ModelFileError);
    expect(() => LinearModel.decode(bytes.subarray(0, bytes.length - 10), 'cut.bin')).toThrow(
      /cut\.bin: not a valid replylint model/,
    );
    expect(() => LinearModel.decode(Buffer.from('GIF89a...'), 'x.bin')).toThrow(/x\.bin: not a valid replylint model/);
  });
});

describe('weights read on demand', () => {
  it('score every text as the whole file does, before and after the rest of the file is read', () => {
    const file = modelFile('tone', 'en');
    const lazy = LinearModel.read(file);
    const whole = LinearModel.decode(readFileSync(file), file);
    const texts = readFileSync(join(ROOT, 'training/en/replies.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('@'));
    // Past a few hundred texts the lazy model has read the whole file: both paths are covered.
    expect(texts.length).toBeGreaterThan(300);
    for (const text of texts) {
      const tokens = tokenize(text);
      expect(lazy.logits(lazy.features(tokens))).toEqual(whole.logits(whole.features(tokens)));
      expect(lazy.explain(tokens, 'blame')).toEqual(whole.explain(tokens, 'blame'));
    }
  });

  it('names a cut-off file when it is opened', () => {
    const { bytes } = train();
    const dir = tempTree({ 'cut.bin': '' });
    writeFileSync(join(dir, 'cut.bin'), bytes.subarray(0, bytes.length - 10));
    expect(() => LinearModel.read(join(dir, 'cut.bin'))).toThrow(
      /cut\.bin: not a valid replylint model: \d+ bytes where/,
    );
  });
});

describe('shipped tone models', () => {
  it('are compact and read the hostile sub-types apart from neutral replies', () => {
    for (const lang of ['en', 'fr']) {
      expect(readFileSync(modelFile('tone', lang)).length).toBeLessThanOrEqual(3 * 1024 * 1024);
      const model = loadModel('tone', lang);
      expect(model.labels).toEqual([
        'none',
        'blame',
        'condescension',
        'sarcasm',
        'dismissal',
        'gaslighting',
        'insult',
        'threat',
      ]);
    }
    const en = loadModel('tone', 'en');
    expect(en.score('Sorry about that, can you DM us your booking reference?').get('none')!).toBeGreaterThan(0.8);
    expect(en.score('Keep posting like this and we will block your account.').get('threat')!).toBeGreaterThan(0.5);
  });
});

describe('training data', () => {
  it('reads [label] sections and rejects an example before any label', () => {
    expect(readLabelledText('# c\n[none]\nHi!\n[blame]\nYour fault.\n', 'f')).toEqual([
      { text: 'Hi!', label: 'none' },
      { text: 'Your fault.', label: 'blame' },
    ]);
    expect(() => readLabelledText('Hi!\n', 'f.txt')).toThrow(/f\.txt:1/);
  });

  it('generates the same tweets from the same seed', () => {
    const fragments = {
      openers: ['Hi,'],
      closers: ['Thanks.'],
      signatures: ['^JL'],
      cores: { none: ['Sorry about the {thing}.'], blame: ['Your {thing} was late because of you.'] },
      slots: { thing: ['order', 'refund'] },
    };
    expect(generate(fragments, 50, 3)).toEqual(generate(fragments, 50, 3));
    expect(new Set(generate(fragments, 50, 3).map((e) => e.label))).toEqual(new Set(['none', 'blame']));
  });

  it('strips the tweet frame from corpus text', () => {
    expect(withoutTweetFrame('RT @someone: you are so wrong &amp; rude https://t.co/x')).toBe(
      'you are so wrong & rude',
    );
  });
});

describe('classifier rules through the CLI', () => {
  it('reports the model score in JSON and says which kind it read', () => {
    const r = cli(['--format', 'json'], {
      input: 'The courier knocked twice at 2pm, so maybe you just did not hear the door.',
    });
    const found = JSON.parse(r.stdout).filter((d: { rule: string }) => d.rule === 'hostile-tone');
    expect(found.length).toBe(1);
    expect(found[0].score).toBeGreaterThan(0.5);
    expect(found[0].message).toMatch(/^Reads as [a-z ]+ \(0\.\d\d\): '/);
  });

  it('reads the whole reply at once (scope: reply) and points at the sentence that carried the score', () => {
    const reply = 'Hi Sam. Our logs show no outage in your area, so the problem must be your router.';
    const r = cli(['--format', 'json'], { input: reply });
    const found = JSON.parse(r.stdout).filter((d: { rule: string }) => d.rule === 'hostile-tone');
    expect(found.length).toBe(1);
    expect(found[0].offset).toBeGreaterThanOrEqual(reply.indexOf('Our logs'));
    expect(found[0].offset + found[0].length).toBeLessThanOrEqual(reply.length);
  });

  it('counts words, not @handles, links, numbers or signatures, before it lets the model read a reply', () => {
    // threshold 0: every reply the model reads (and finds a word adding to blame in) is a finding.
    const rule = (minWords: number) =>
      tempTree({
        'rules/en/tone-any.yml': [
          'id: tone-any',
          'tip: 1',
          'level: warning',
          'type: classifier',
          'model: tone',
          'scope: reply',
          'labels: [blame]',
          'threshold: 0',
          `min_words: ${minWords}`,
          'message: "Reads as {kind} ({score})."',
          'examples:',
          '  flag: ["You must have typed the wrong address."]',
          '  pass: ["@sam_h Thanks! https://t.co/x1Y 42 ^JL"]',
        ].join('\n'),
      });
    const findings = (dir: string, input: string) =>
      JSON.parse(
        cli(['--rules', join(dir, 'rules'), '--rule', 'tone-any', '--lang', 'en', '--format', 'json'], { input })
          .stdout,
      ).length;
    // Two words ("You", "must") among a handle, a link, a number and a signature.
    const short = '@sam_h @acme You must, https://t.co/x1Y 42 ^JL';
    expect(findings(rule(3), short)).toBe(0);
    expect(findings(rule(2), short)).toBe(1);
    expect(findings(rule(3), '@sam_h You must have typed the wrong address')).toBe(1);
  });

  it('exits with 2 and names the weight file when a rule names a model that is not there', () => {
    const r = lintWithModelRule('nosuch');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(ROOT, 'models', 'nosuch-en.bin'));
  });
});

describe('politeness strategies (src/model/politeness.ts)', () => {
  it('name the strategies a request uses and rank impolite requests above polite ones', () => {
    const polite = 'Hi, thanks for the quick edit! Could you perhaps add a source when you have a moment?';
    const rude = 'Why did you revert my edit again? You obviously did not read the talk page.';
    expect(politenessStrategies(polite, 'en').used).toEqual(
      expect.arrayContaining(['gratitude', 'greeting', 'counterfactual', 'hedge']),
    );
    expect(politenessStrategies(rude, 'en').used).toEqual(
      expect.arrayContaining(['direct-question', 'why', 'second-start', 'factuality']),
    );
    expect(impoliteness(rude, 'en')).toBeGreaterThan(0.5);
    expect(impoliteness(polite, 'en')).toBeLessThan(0.5);
    expect(impoliteness('Pourquoi avez-vous supprimé mon avis ? Vous ne lisez jamais rien.', 'fr')).toBeGreaterThan(
      impoliteness('Bonjour, merci beaucoup ! Pourriez-vous vérifier ma commande ?', 'fr'),
    );
  });

  it('read positive and negative words in the AFINN lexicon, but not the words of a software fault', () => {
    const used = (text: string) => politenessStrategies(text, 'en').used;
    // Neither word is in the hand lists: AFINN rates them.
    expect(used('What a superb write-up.')).toContain('positive');
    expect(used('That answer is disgusting.')).toContain('negative');
    // "error" and "crashes" describe the software; "sorry" is an apology, not a negative word.
    expect(used('The build error is in line 3 and it crashes.')).not.toContain('negative');
    expect(used('Sorry, I missed it.')).toEqual(['apology', 'first']);
    // A negation flips the words of its clause: reassurance is not negative, "not good" is.
    expect(used("No worries, it's not your fault.")).toContain('positive');
    expect(used("No worries, it's not your fault.")).not.toContain('negative');
    expect(used('That is not good enough.')).toEqual(['negative']);
    // A negative interrogative challenges; the paper's 2nd person counts "you" past the first word.
    expect(used("Isn't that obvious?")).toContain('negative-question');
    expect(used('Can you show me the output?')).toEqual(['indicative', 'first', 'second']);
    // A why-question anywhere, and Markdown emphasis (the written raised voice).
    expect(used('Fine, but then the loop runs twice, and why is that?')).toContain('why');
    expect(used('Read the **second** paragraph.')).toContain('emphasis');
    expect(used('Use a_b_c as the name, or 2 * 3 * 4.')).not.toContain('emphasis');
    // A question of three words or fewer, and someone's words quoted back in a question.
    expect(used('It fails on my laptop. Linux or Windows?')).toContain('fragment-question');
    expect(used('Which version of the compiler are you using?')).not.toContain('fragment-question');
    expect(used('What do you mean by "fast"?')).toContain('quoted-question');
    expect(used('I searched for "fast sort" and found this. Does it help?')).not.toContain('quoted-question');
  });

  it('give one tone score from the tone model, the politeness model and the strategies', () => {
    const polite = 'Hi, thanks for the quick edit! Could you perhaps add a source when you have a moment?';
    const rude = 'Why did you revert my edit again? You obviously did not read the talk page.';
    const [p, r] = [toneOf(polite, 'en'), toneOf(rude, 'en')];
    expect(p.score).toBeLessThan(r.score);
    expect(p.request).toBeLessThan(r.request!);
    const w = STRATEGIES_WEIGHT;
    expect(r.score).toBeCloseTo((temper(r.hostility) + w * r.strategies + temper(r.request!)) / (2 + w), 10);
    // French has no politeness model (the request corpus is English): two readings.
    const fr = toneOf('Pourquoi avez-vous supprimé mon avis ?', 'fr');
    expect(fr.request).toBeUndefined();
    // (A question: the tone model counts REQUEST_HOSTILITY_WEIGHT.)
    const h = REQUEST_HOSTILITY_WEIGHT;
    expect(fr.score).toBeCloseTo((h * temper(fr.hostility) + w * fr.strategies) / (h + w), 10);
    // Tempering keeps a model's ranking and its midpoint, and pulls a sure answer towards it.
    expect(temper(0.5)).toBeCloseTo(0.5, 10);
    expect(temper(0.99)).toBeLessThan(0.99);
    expect(temper(0.99)).toBeGreaterThan(temper(0.9));
    expect(temper(0.01)).toBeCloseTo(1 - temper(0.99), 10);
  });
});
