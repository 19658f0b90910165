import { describe, expect, it } from 'vitest';
import { cli, tempTree } from './helpers.js';

const rulesOf = (stdout: string) => (JSON.parse(stdout) as { rule: string }[]).map((d) => d.rule);

/** Lints a reply from stdin, answering `message` (written to a file, as --in-reply-to reads one). */
function lint(reply: string, message?: string) {
  const dir = tempTree({ 'message.txt': message ?? '' });
  return cli(['--format', 'json', ...(message ? ['--in-reply-to', 'message.txt'] : [])], { input: reply, cwd: dir });
}

describe('reading real replies', () => {
  it('reads unaccented French like accented French', () => {
    const message = "Ma commande n'est jamais arrivée et personne ne répond.";
    const accented = lint('Désolé pour le retard, pouvez-vous nous donner votre numéro de commande en MP ?', message);
    const plain = lint('Desole pour le retard, pouvez-vous nous donner votre numero de commande en MP ?', message);
    expect(rulesOf(plain.stdout)).toEqual(rulesOf(accented.stdout));
    expect(rulesOf(plain.stdout)).not.toContain('no-acknowledgement');
    expect(rulesOf(plain.stdout)).not.toContain('missing-investigation');
  });

  it('does not take « Merci de consulter notre FAQ » for a thank-you', () => {
    const r = lint('Merci de consulter notre FAQ.', "Ma commande n'est jamais arrivée et personne ne répond.");
    expect(rulesOf(r.stdout)).toContain('no-acknowledgement');
  });

  it('does not lint quoted e-mail history as the agent’s words, unless the setting says so', () => {
    const reply =
      'Sorry for the wait, we are checking your order now.\n\nOn Mon, 3 Feb 2025, Chris wrote:\n> This is your fault, and we will delete your account.\n';
    const quoted = '> This is your fault.\nSorry about that, could you DM us your order number?\n';
    expect(lint(reply).stdout.trim()).toBe('[]');
    expect(lint(quoted).stdout.trim()).toBe('[]');
    const dir = tempTree({ '.replylintrc.yml': 'lintQuotedText: true\n', 'reply.txt': reply });
    const r = cli(['--format', 'json', 'reply.txt'], { cwd: dir });
    expect(rulesOf(r.stdout)).toContain('hostile-tone');
  });

  it('gives one finding for what one sentence causes', () => {
    const r = lint('Check out our new range, use code SPRING10 for 20% off, shop now!');
    expect(rulesOf(r.stdout).filter((rule) => rule === 'self-promotion')).toHaveLength(1);
  });

  it('gives one finding for one link', () => {
    const r = lint(
      'Please visit our help centre at https://help.example.com/orders',
      'My order never arrived, this is ridiculous.',
    );
    expect(rulesOf(r.stdout).filter((rule) => rule === 'link-deflection')).toHaveLength(1);
  });
});

describe('replylint signals', () => {
  it('shows which signals of the message hold, on which words, and the rules they turn on', () => {
    const r = cli(['signals'], { input: 'Where is my parcel?? Ordered 10 days ago.' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/complaint\s+holds, on: .*"Where is my parcel"/);
    expect(r.stdout).toMatch(/feedback\s+-/);
    expect(r.stdout).toContain('missing-investigation');
  });

  it('reads a French message from a file, as JSON', () => {
    const dir = tempTree({ 'message.txt': "Vous pouvez m'expliquer pourquoi ma facture a doublé ?" });
    const out = JSON.parse(cli(['signals', 'message.txt', '--format', 'json'], { cwd: dir }).stdout);
    expect(out.lang).toBe('fr');
    const complaint = out.signals.find((s: { signal: string }) => s.signal === 'complaint');
    expect(complaint.holds).toBe(true);
    expect(complaint.words.length).toBeGreaterThan(0);
  });

  it('names the file it cannot read, with a usage error', () => {
    const r = cli(['signals', 'nowhere.txt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nowhere.txt');
  });
});
