import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempTree } from './helpers.js';

interface Finding {
  rule: string;
  message: string;
  match: string;
}

const findings = (stdout: string) => JSON.parse(stdout) as Finding[];

describe('French replies through the CLI', () => {
  it('detects a French reply and answers with the French rule, in French', () => {
    const result = cli(['--format', 'json'], { input: 'C’est de votre faute, nous supprimerons vos commentaires.' });
    expect(result.code).toBe(1);
    const found = findings(result.stdout);
    expect(found.map((f) => f.rule).sort()).toEqual(['deletion-threat', 'hostile-tone']);
    expect(found.find((f) => f.rule === 'deletion-threat')!.message).toMatch(
      /^Menacer de modérer \(« nous supprimerons vos commentaires »\)/,
    );
  });

  it('leaves a French negation alone', () => {
    const result = cli(['--format', 'json'], {
      input: 'Nous ne supprimerons pas votre commentaire : dites-nous ce qui s’est passé.',
    });
    expect(findings(result.stdout)).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('uses the signals of the message’s language, not the reply’s', () => {
    const dir = tempTree({
      'message.txt': 'Mon colis n’est toujours pas arrivé, c’est inadmissible.',
      'reply.txt': 'We apologise for any inconvenience.',
    });
    const result = cli(['--format', 'json', '--in-reply-to', join(dir, 'message.txt'), join(dir, 'reply.txt')]);
    // An English reply to a French complaint: the English rule runs, because the French signal holds.
    const investigation = findings(result.stdout).find((f) => f.rule === 'missing-investigation');
    expect(investigation?.message).toMatch(/^This answers a complaint/);
  });

  it('does not run complaint rules when the French message is a plain question', () => {
    const dir = tempTree({
      'message.txt': 'Vous livrez en Belgique ?',
      'reply.txt': 'Nous vous prions de nous excuser.',
    });
    const result = cli(['--format', 'json', '--in-reply-to', join(dir, 'message.txt'), join(dir, 'reply.txt')]);
    expect(findings(result.stdout).map((f) => f.rule)).not.toContain('missing-investigation');
    // The same reply to a French complaint is flagged: the question alone is what kept it silent.
    const complaint = tempTree({
      'message.txt': 'Toujours pas livré, c’est scandaleux.',
      'reply.txt': 'Nous vous prions de nous excuser.',
    });
    const flagged = cli([
      '--format',
      'json',
      '--in-reply-to',
      join(complaint, 'message.txt'),
      join(complaint, 'reply.txt'),
    ]);
    expect(findings(flagged.stdout).map((f) => f.rule)).toContain('missing-investigation');
  });
});
