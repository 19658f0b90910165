import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplyDocument } from '../src/document/document.js';
import { nearDuplicates, shingles } from '../src/engine/types/canned-duplicate.js';
import { Corpus, lintText } from '../src/lint.js';
import { loadBuiltinRules } from '../src/rules/builtin.js';
import { cli, tempTree } from './helpers.js';

const doc = (source: string) => ReplyDocument.fromText({ name: 't', source, lang: 'en' });

/** Compares every set with every earlier one; keeps the most similar (the earliest on ties). */
function bruteForce(sets: string[][], threshold: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < sets.length; i++) {
    let best: [number, number] | undefined;
    let bestSimilarity = 0;
    for (let j = 0; j < i; j++) {
      const a = new Set(sets[i]);
      const shared = sets[j]!.filter((s) => a.has(s)).length;
      const similarity = sets[i]!.length ? shared / (a.size + sets[j]!.length - shared) : 0;
      if (similarity >= threshold && similarity > bestSimilarity) [best, bestSimilarity] = [[j, i], similarity];
    }
    if (best) pairs.push(best);
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

  it('prefix filtering finds exactly what a full comparison finds', () => {
    const word = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
    const set = fc.uniqueArray(
      fc.tuple(word, word).map(([x, y]) => `${x} ${y}`),
      { maxLength: 12 },
    );
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

  it('reports a repeat once, on the later reply, with the closest earlier one in related', async () => {
    const corpus = new Corpus();
    for (const [name, text] of [
      ['a.txt', a],
      ['b.txt', b],
      ['c.txt', 'Sorry about the wait, we are checking with the courier right now.'],
      ['d.txt', b],
    ]) {
      await lintText({ name, text, settings: { mode: 'template' } }, ruleSet, ruleSet.rules, corpus);
    }
    const found = corpus.findings();
    expect(found.map((d) => `${d.file}~${d.related?.[0]?.file}`)).toEqual(['b.txt~a.txt', 'd.txt~b.txt']);
    expect(found[0]).toMatchObject({ rule: 'canned-duplicate', line: 1, column: 1, related: [{ line: 1, column: 1 }] });
    expect(found[0]!.message).toMatch(/\d+% the same as a\.txt/);
    expect(found[1]!.message).toContain('100% the same as b.txt');
  });

  it('compares only templates by default: two drafts alike are not reported', async () => {
    const corpus = new Corpus();
    for (const [name, text] of [
      ['a.txt', a],
      ['b.txt', b],
    ])
      await lintText({ name, text, settings: { mode: 'draft' } }, ruleSet, ruleSet.rules, corpus);
    expect(corpus.findings()).toEqual([]);
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

describe('corpus rule files', () => {
  const rule = (examples: string) =>
    [
      'id: my-duplicates',
      'tip: 10',
      'type: canned-duplicate',
      'message: "Same as {other} ({similarity}%)."',
      examples,
    ].join('\n');

  it('take lists of replies as examples; a single reply is a located error', () => {
    const dir = tempTree({
      'my-duplicates.yml': rule('examples:\n  flag: ["Just one reply here."]\n  pass: [["a b c", "d e f"]]\n'),
    });
    const r = cli(['--rules', dir], { input: 'hello' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /my-duplicates\.yml:6:10: field 'examples\.flag\.0': a corpus rule example is a list of two or more replies/,
    );
  });

  it('a list of replies in a single-reply rule is an error too', () => {
    const dir = tempTree({
      'x.yml':
        'id: x\ntip: 1\ntype: existence\nmessage: m\nwords: [a]\nexamples:\n  flag: [["a", "a"]]\n  pass: ["b"]\n',
    });
    expect(cli(['--rules', dir], { input: 'hello' }).stderr).toMatch(/x\.yml:7:10: .*only for corpus rules/);
  });
});
