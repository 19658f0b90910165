import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempTree } from './helpers.js';

/** Tips 2-6 rules as a user meets them: the built binary, languages detected, --in-reply-to. */
describe('tips 2-6 rules through the CLI', () => {
  const dir = tempTree({
    'en-message.txt': 'Hi, my order still has not arrived and nobody answers the phone. What is going on?',
    'fr-message.txt': "Bonjour, ma commande n'est toujours pas arrivée et personne ne répond au téléphone.",
  });

  it('flags a French reply to an English message with the French rule and message', () => {
    const reply = 'Désolés pour ce retard ! Pouvez-vous nous envoyer votre numéro de commande en message privé ?';
    const r = cli(['--format', 'json', '--rule', 'language-mismatch', '--in-reply-to', join(dir, 'en-message.txt')], {
      input: reply,
    });
    expect(r.code).toBe(1);
    const [finding] = JSON.parse(r.stdout);
    expect(finding).toMatchObject({ rule: 'language-mismatch', tip: 6, level: 'warning', line: 1, column: 1 });
    expect(finding.message).toBe(
      'Cette réponse est en français, alors que le message auquel elle répond est en anglais.',
    );
  });

  it('does not flag a reply in the language of the message, nor one too short to tell', () => {
    const args = ['--rule', 'language-mismatch', '--in-reply-to', join(dir, 'fr-message.txt')];
    expect(cli(args, { input: 'Désolés ! Pouvez-vous nous envoyer votre numéro de commande ?' }).code).toBe(0);
    expect(cli(args, { input: 'Sorry! 🙏' }).code).toBe(0);
  });

  it('runs the acknowledgement and dead-end rules only with a message to answer', () => {
    const reply = 'Orders are sent by standard post.';
    const withMessage = cli(
      ['--format', 'json', '--min-level', 'suggestion', '--in-reply-to', join(dir, 'en-message.txt')],
      { input: reply },
    );
    const rules = JSON.parse(withMessage.stdout).map((d: { rule: string }) => d.rule);
    expect(rules).toEqual(expect.arrayContaining(['no-acknowledgement', 'dead-end-reply']));
    const alone = cli(['--format', 'json', '--min-level', 'suggestion'], { input: reply });
    expect(alone.code).toBe(0);
    expect(JSON.parse(alone.stdout)).toEqual([]);
  });

  it('suggests the plain phrase for corporate jargon, in the reply language', () => {
    const r = cli(['--format', 'json', '--rule', 'corporate-jargon'], {
      input: 'Votre colis sera livré dans les meilleurs délais.',
    });
    expect(r.code).toBe(0); // suggestions never fail a run by default
    const [finding] = JSON.parse(r.stdout);
    expect(finding).toMatchObject({
      rule: 'corporate-jargon',
      level: 'suggestion',
      match: 'dans les meilleurs délais',
    });
    expect(finding.suggestion).toContain("« d'ici <jour, heure> »");
  });
});
