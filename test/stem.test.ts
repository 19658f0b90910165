import { describe, expect, it } from 'vitest';
import { ReplyDocument } from '../src/document/document.js';
import { loadRuleFile } from '../src/rules/load.js';
import { stem } from '../src/lang/stem.js';
import { tempTree } from './helpers.js';
import { join } from 'node:path';

/** Compiles one existence rule written for the test, in the given language. */
function ruleWith(lang: 'en' | 'fr', fields: string) {
  const dir = tempTree({
    'stemmed.yml': `id: stemmed\ntip: 1\ntype: existence\nmessage: "{match}"\n${fields}\nexamples: {flag: [x], pass: [y]}\n`,
  });
  const [rule] = loadRuleFile(join(dir, 'stemmed.yml'), lang, new Map());
  if (rule?.kind !== 'reply') throw new Error('an existence rule checks one reply');
  return (text: string) => {
    const doc = ReplyDocument.fromText({ name: 't', source: text, lang });
    return rule.check({ doc }).map((m) => text.slice(m.span.start, m.span.end));
  };
}

describe('stemming', () => {
  it('gives the conjugated forms of a French verb one stem', () => {
    expect(
      new Set(['supprimer', 'supprimerons', 'supprimé', 'Supprimées', 'supprimez'].map((w) => stem(w, 'fr'))).size,
    ).toBe(1);
    expect(stem('deleted', 'en')).toBe(stem('deleting', 'en'));
  });

  it('matches a stemmed word in every form, with accents and either apostrophe', () => {
    const find = ruleWith('fr', 'stem: true\nwords: [supprimer, suppression]');
    expect(find('Nous supprimerons ce message.')).toEqual(['supprimerons']);
    expect(find('Votre avis a été supprimé.')).toEqual(['supprimé']);
    expect(find("La suppression d'un compte est définitive.")).toEqual(['suppression']);
    expect(find('Vous pouvez les supprimer.')).toEqual(['supprimer']);
    expect(find('Nous avons retiré le lien.')).toEqual([]);
  });

  it('needs the phrase form listed when the stemmer keeps a noun apart from its verb', () => {
    // Snowball's French stemmer gives "suppress" for suppression and "supprim" for supprimer.
    const verbOnly = ruleWith('fr', 'stem: true\nwords: [supprimer]');
    expect(verbOnly('la suppression')).toEqual([]);
  });

  it('matches a phrase word by word, across an elision', () => {
    const find = ruleWith('fr', 'stem: true\nwords: ["retard train"]');
    // Words of the phrase must be next to each other: "retards des trains" is not "retard train".
    expect(find("Les retards des trains d'hier")).toEqual([]);
    expect(find('trois retards trains')).toEqual(['retards trains']);
    const elided = ruleWith('fr', 'stem: true\nwords: ["l\'annulation"]');
    expect(elided('Suite à l\u2019annulation du vol')).toEqual(['l\u2019annulation']);
  });

  it('stems English words with the Porter stemmer', () => {
    const find = ruleWith('en', 'stem: true\nwords: [delete]');
    expect(find('We deleted it, and we are deleting the rest.')).toEqual(['deleted', 'deleting']);
  });

  it('leaves words without stem: true as exact phrases', () => {
    const find = ruleWith('fr', 'words: [supprimer]');
    expect(find('Nous supprimerons ce message.')).toEqual([]);
    expect(find('Nous allons supprimer ce message.')).toEqual(['supprimer']);
  });
});
