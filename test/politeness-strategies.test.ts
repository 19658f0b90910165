import { describe, expect, it } from 'vitest';
import { impoliteness, politenessStrategies } from '../src/model/politeness.js';
import { REQUEST_HOSTILITY_WEIGHT, STRATEGIES_WEIGHT, temper, toneOf } from '../src/model/tone-score.js';

const used = (text: string) => politenessStrategies(text, 'en').used;

describe('politeness strategies of session 9 (src/model/politeness.ts)', () => {
  it('read a challenge to the reader: quoted words, trailing off, "what is the point", "what do you mean"', () => {
    expect(used('You wrote "it is faster". Faster than what?')).toContain('quoted');
    expect(used('So you restarted it...')).toContain('trailing-off');
    expect(used("What's the point of a second cache here?")).toContain('challenge');
    expect(used('What do you mean, the build is broken?')).toContain('what-do-you-mean');
    expect(used('What exactly is failing?')).toContain('what-exactly');
    expect(used("I don't understand the second step.")).toContain('not-following');
    expect(used('Is this homework?')).toContain('homework');
    // None of them in a plain clarifying question.
    const plain = used('Which version of the compiler are you on? The flag changed in the last release.');
    for (const name of ['quoted', 'trailing-off', 'challenge', 'what-do-you-mean', 'what-exactly', 'not-following'])
      expect(plain).not.toContain(name);
  });

  it("read a suggestion put as a question, a yes/no opening, a request to elaborate and the asker's material", () => {
    expect(used('Have you tried clearing the cache?')).toContain('suggestion-question');
    expect(used('Is the file saved as UTF-8?')).toContain('polar-question');
    expect(used('@sam: does it fail on Linux too?')).toContain('polar-question');
    // "Can you..." is the indicative modal's, not a yes/no question about the matter.
    expect(used('Can you show me the output?')).not.toContain('polar-question');
    expect(used('What does it print?')).not.toContain('polar-question');
    expect(used('Could you elaborate on the second part?')).toContain('elaborate');
    expect(used('Which line of your script fails?')).toContain('your-material');
  });

  it('rank the framings of one request: a suggestion offered above a verdict on the asker', () => {
    const offered = 'Have you tried running it from the terminal? The output there is often clearer.';
    const verdict = 'What is the point of asking without the output? "It fails" tells us nothing...';
    expect(impoliteness(offered, 'en')).toBeLessThan(0.5);
    expect(impoliteness(verdict, 'en')).toBeGreaterThan(impoliteness(offered, 'en'));
    // A why-question weighs more than a plain wh-question.
    expect(impoliteness('Why did you use a list here?', 'en')).toBeGreaterThan(
      impoliteness('Which list did you use here?', 'en'),
    );
  });
});

describe('tone score weights (src/model/tone-score.ts)', () => {
  it('count the strategies STRATEGIES_WEIGHT times, each model once', () => {
    const t = toneOf('Why would anyone write it like this? Read the docs.', 'en');
    const w = STRATEGIES_WEIGHT;
    expect(w).toBeGreaterThan(1);
    expect(t.score).toBeCloseTo((temper(t.hostility) + w * t.strategies + temper(t.request!)) / (2 + w), 10);
    expect(t.score).toBeGreaterThan(0);
    expect(t.score).toBeLessThan(1);
  });

  it('give the tone model a smaller share in a text that ends on a question (a request)', () => {
    const h = REQUEST_HOSTILITY_WEIGHT;
    const w = STRATEGIES_WEIGHT;
    expect(h).toBeLessThan(1);
    const q = toneOf('Why would anyone write it like this? Did you read the docs? ', 'en');
    expect(q.score).toBeCloseTo((h * temper(q.hostility) + w * q.strategies + temper(q.request!)) / (1 + h + w), 10);
  });
});
