import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnsweredMessageText } from '../src/answered/message.js';
import { ReplyDocument } from '../src/document/document.js';
import { guessLanguage, isConfident } from '../src/lang/detect.js';
import { loadRuleFile } from '../src/rules/load.js';
import { RuleFileError } from '../src/core/errors.js';
import { tempTree } from './helpers.js';

function ruleFrom(yaml: string) {
  const dir = tempTree({});
  const file = join(dir, 'mismatch.yml');
  writeFileSync(file, yaml);
  return loadRuleFile(file, 'en', new Map())[0]!;
}

const RULE = `id: mismatch
tip: 6
type: language-mismatch
message: "Reply in {message_language}, not {reply_language}."
language_names: {en: English, fr: French}
examples: {flag: [x], pass: [y]}
`;

const FRENCH = "Bonjour, ma commande n'est toujours pas arrivée et personne ne répond au téléphone.";
const ENGLISH = 'Hi, my order still has not arrived and nobody answers the phone.';

function check(reply: string, message?: string, yaml = RULE) {
  const rule = ruleFrom(yaml);
  if (rule.kind !== 'reply') throw new Error('language-mismatch checks one reply');
  const doc = ReplyDocument.fromText({ name: 'r', source: reply });
  return rule.check({
    doc,
    message: message === undefined ? undefined : AnsweredMessageText.fromText(message, new Map()),
  });
}

describe('guessLanguage', () => {
  it('is confident on a sentence of either language', () => {
    expect(isConfident(guessLanguage(FRENCH))).toBe(true);
    expect(guessLanguage(FRENCH).lang).toBe('fr');
    expect(isConfident(guessLanguage(ENGLISH))).toBe(true);
    expect(guessLanguage(ENGLISH).lang).toBe('en');
  });

  it('is not confident on a word or two', () => {
    expect(isConfident(guessLanguage('Merci !'))).toBe(false);
    expect(isConfident(guessLanguage('OK 👍'))).toBe(false);
  });

  it('is not confident when both languages score alike', () => {
    const mixed = guessLanguage('Thanks for your message, merci pour votre patience.');
    expect(mixed.margin).toBeLessThan(0.5);
    expect(isConfident(mixed)).toBe(false);
  });
});

describe('language-mismatch type', () => {
  it('flags an English reply to a French message, naming both languages', () => {
    const found = check('Sorry about that, could you send us your order number so we can check?', FRENCH);
    expect(found).toHaveLength(1);
    expect(found[0]!.vars).toEqual({ reply_language: 'English', message_language: 'French' });
  });

  it('covers the whole reply, without surrounding white space', () => {
    const reply = '\n  Sorry about that, we are looking into it for you.  \n';
    const [finding] = check(reply, FRENCH);
    expect(reply.slice(finding!.span.start, finding!.span.end)).toBe(
      'Sorry about that, we are looking into it for you.',
    );
  });

  it('flags a French reply to an English message', () => {
    expect(check('Désolés pour ce retard, pouvez-vous nous donner votre numéro de commande ?', ENGLISH)).toHaveLength(
      1,
    );
  });

  it('is silent when the languages agree', () => {
    expect(check('Sorry about that, could you send us your order number?', ENGLISH)).toEqual([]);
    expect(check('Désolés, pouvez-vous nous donner votre numéro de commande ?', FRENCH)).toEqual([]);
  });

  it('is silent when either side is too short to tell', () => {
    expect(check('Thanks! 🙏', FRENCH)).toEqual([]);
    expect(check('Sorry about that, could you send us your order number?', 'Merci !')).toEqual([]);
  });

  it('is silent without a message to compare with', () => {
    expect(check('Sorry about that, could you send us your order number?')).toEqual([]);
  });

  it('falls back to language codes without language_names', () => {
    const [finding] = check(
      'Sorry about that, could you send us your order number?',
      FRENCH,
      RULE.replace(/^language_names.*\n/m, ''),
    );
    expect(finding!.vars).toEqual({ reply_language: 'en', message_language: 'fr' });
  });

  it('lets a rule ask for more evidence', () => {
    const strict = RULE.replace('type: language-mismatch', 'type: language-mismatch\nmin_evidence: 30');
    expect(check('Sorry about that, could you send us your order number?', FRENCH, strict)).toEqual([]);
  });

  it('rejects an unknown language in language_names, at its line', () => {
    expect(() => ruleFrom(RULE.replace('fr: French', 'de: German'))).toThrow(RuleFileError);
    expect(() => ruleFrom(RULE.replace('fr: French', 'de: German'))).toThrow(/:5:.*language_names\.de/);
  });
});
