import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplyDocument } from '../src/document/document.js';
import { nearDuplicates, shingles } from '../src/engine/types/canned-duplicate.js';
import { Corpus, lintText } from '../src/lint.js';
import { loadBuiltinRules } from '../src/rules/builtin.js';
import { cli, tempTree } from './helpers.js';

const doc = (source: string) => ReplyDocument.fromText({ name: 't', source, lang: 'en' });

function bruteForce(sets: string[][], threshold: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < sets.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = new Set(sets[i]);
      const shared = sets[j]!.filter((s) => a.has(s)).length;
      if (sets[i]!.length && shared / (a.size + sets[j]!.length - shared) >= threshold) pairs.push([j, i]);
    }
  }
  return pairs;
}

describe('canned-duplicate similarity', () => {
  it('folds case, accents, punctuation and placeholders', () => {
    expect(shingles(doc('Hi {{name}}, THANKS for the café order today!'), 2, 3)).toEqual(
      shingles(doc('hi [NAME] thanks for the cafe order today'), 2, 3),
    );
  });

  it('does not judge replies under min_words', () => {
    expect(shingles(doc('Thanks so much!'), 2, 6)).toEqual([]);
  });

  it('prefix filtering finds exactly the pairs a full comparison finds', () => {
    const word = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
    const set = fc.uniqueArray(fc.tuple(word, word).map(([x, y]) => `${x} ${y}`), { maxLength: 12 });
    fc.assert(
      fc.property(fc.array(set, { maxLength: 12 }), fc.double({ min: 0.2, max: 1, noNaN: true }), (sets, threshold) => {
        const found = nearDuplicates(sets, threshold).map(([a, b]) => [a, b]);
        expect(found.sort()).toEqual(bruteForce(sets, threshold).sort());
      }),
      { numRuns: 400 },
    );
  });
});

describe('canned-duplicate across a run', () => {
  const ruleSet = loadBuiltinRules();
  const a = 'Hi {{first_name}}, thanks for reaching out! Your refund is on its way and should arrive within 3 days.';
  const b = 'Hello [NAME], thanks for reaching out. Your refund is on its way and should arrive within three days!';

  it('reports a pair once, on the later reply, with the other one in related', async () => {
    const corpus = new Corpus();
    for (const [name, text] of [['a.txt', a], ['b.txt', b], ['c.txt', 'Sorry about the wait, we are checking with the courier right now.']]) {
      await lintText({ name, text, settings: { mode: 'template' } }, ruleSet, ruleSet.rules, corpus);
    }
    const found = corpus.findings(ruleSet.rules);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: 'b.txt', rule: 'canned-duplicate', line: 1, column: 1, related: [{ file: 'a.txt', line: 1, column: 1 }] });
    expect(found[0]!.message).toMatch(/\d+% the same as a\.txt/);
  });

  it('finds near-duplicates between a collection and a file, with positions in both (CLI)', () => {
    const dir = tempTree({
      'templates/refunds.yml': `- id: refund-sent\n  body: |\n    ${a}\n- id: other\n  body: We are sorry the jacket did not fit; returns are free for 30 days.\n`,
      'templates/refund.md': `---\nwhen: complaint\n---\n\n${b}\n`,
    });
    const r = cli(['--format', 'json', '--rule', 'canned-duplicate', dir]);
    const found = JSON.parse(r.stdout);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: `${dir}/templates/refunds.yml`, line: 3, column: 5, entry: 'refund-sent' });
    expect(found[0].related[0]).toMatchObject({ file: `${dir}/templates/refund.md`, line: 5, column: 1 });
  });
});
