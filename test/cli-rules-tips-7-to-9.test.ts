import { describe, expect, it } from 'vitest';
import { cli, tempTree } from './helpers.js';

const rulesOf = (stdout: string) =>
  JSON.parse(stdout).map((d: { rule: string; match: string }) => `${d.rule}:${d.match}`);

describe('tips 7-9 rules through the CLI', () => {
  it('flags an emoji answering an upset message, and not a happy one', () => {
    const dir = tempTree({
      'angry.txt': 'Je suis furieuse, troisième colis perdu ce mois-ci.',
      'happy.txt': 'Colis reçu, merci beaucoup !',
    });
    const reply = 'Oh non, désolés 😅 Pouvez-vous nous envoyer le numéro de commande en MP ?';
    const angry = cli(['--format', 'json', '--in-reply-to', `${dir}/angry.txt`], { input: reply });
    expect(angry.code).toBe(1);
    expect(rulesOf(angry.stdout)).toContain('tone-mismatch:😅');
    const happy = cli(['--format', 'json', '--in-reply-to', `${dir}/happy.txt`], { input: reply });
    expect(rulesOf(happy.stdout)).not.toContain('tone-mismatch:😅');
  });

  it('flags personal-account language and a slow path, with their tips', () => {
    const r = cli([], { input: 'lol my wife had the same issue. Someone will be in touch within 10 working days.' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/personal-voice-slip \(tip 7\)/);
    expect(r.stdout).toMatch(/delay-promise \(tip 8\)/);
  });

  it('keeps rules that need settings or timing silent when the input has none', () => {
    // A lint run is sent "now" (here --now, before the date named); stale-template then has a time but nothing past.
    const r = cli(
      [
        '--format',
        'json',
        '--now',
        '2020-01-01',
        '--rule',
        'wrong-account',
        '--rule',
        'voice-mix',
        '--rule',
        'slow-response',
        '--rule',
        'stale-template',
      ],
      {
        input: 'We are sorry, I will check. Valid until 31 March 2020.\n— The Globex team',
      },
    );
    expect(r).toMatchObject({ code: 0 });
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});
