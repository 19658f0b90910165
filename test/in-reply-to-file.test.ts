import { describe, expect, it } from 'vitest';
import { cli, tempTree } from './helpers.js';

const COMPLAINT = 'My flight has been delayed for three hours and nobody tells us anything. Worst airline ever.';
const LINK_REPLY = 'Please see our FAQ: https://example.com/faq';
const rulesOf = (stdout: string) =>
  (JSON.parse(stdout) as { file: string; rule: string }[]).map((d) => `${d.file}:${d.rule}`);

describe('inReplyToFile: the message answered, in a file beside the reply', () => {
  it('reads the sibling the configuration names, and does not lint it as a reply', () => {
    const dir = tempTree({
      '.git/HEAD': '',
      '.replylintrc.yml': 'inReplyToFile: "{name}.message.txt"\n',
      'replies/refund.md': LINK_REPLY,
      'replies/refund.message.txt': COMPLAINT,
      'replies/other.txt': LINK_REPLY,
    });
    const r = cli(['--format', 'json', 'replies'], { cwd: dir });
    const found = rulesOf(r.stdout);
    // refund.md answers a complaint: the rules that need one run; other.txt has no message.
    expect(found).toContain('replies/refund.md:link-deflection');
    expect(found.filter((f) => f.startsWith('replies/other.txt'))).toEqual(['replies/other.txt:hostile-tone']);
    expect(found.some((f) => f.includes('message.txt'))).toBe(false);
  });

  it('lets --in-reply-to win, and applies to the templates of a collection without their own', () => {
    const dir = tempTree({
      '.git/HEAD': '',
      '.replylintrc.yml': 'inReplyToFile: "{file}.in-reply-to"\n',
      'macros.yml': `- id: faq\n  body: "${LINK_REPLY}"\n`,
      'macros.yml.in-reply-to': COMPLAINT,
      'calm.txt': 'Thanks for the kind words!',
    });
    expect(rulesOf(cli(['--format', 'json', 'macros.yml'], { cwd: dir }).stdout)).toContain(
      'macros.yml:link-deflection',
    );
    const overridden = cli(['--format', 'json', '--in-reply-to', 'calm.txt', 'macros.yml'], { cwd: dir });
    expect(rulesOf(overridden.stdout)).not.toContain('macros.yml:link-deflection');
  });

  it('rejects a pattern that cannot name a sibling, with the file, line and field', () => {
    for (const [pattern, why] of [
      ['"/etc/message.txt"', /must be relative/],
      ['"{stem}.txt"', /unknown placeholder '\{stem\}'/],
      ['"{file}"', /names the reply itself/],
      ['42', /inReplyToFile/],
    ] as const) {
      const dir = tempTree({
        '.git/HEAD': '',
        '.replylintrc.yml': `mode: draft\ninReplyToFile: ${pattern}\n`,
        'r.txt': 'Hello.',
      });
      const r = cli(['r.txt'], { cwd: dir });
      expect(r.code, pattern).toBe(2);
      expect(r.stderr).toMatch(/\.replylintrc\.yml:2:\d+: field 'inReplyToFile'/);
      expect(r.stderr).toMatch(why);
    }
  });

  it('is allowed in overrides and shown by print-config', () => {
    const dir = tempTree({
      '.git/HEAD': '',
      '.replylintrc.yml': 'overrides:\n  - files: ["tickets/**"]\n    inReplyToFile: message.txt\n',
    });
    const inside = JSON.parse(cli(['print-config', 'tickets/42/reply.txt'], { cwd: dir }).stdout) as {
      inReplyToFile?: string;
    };
    const outside = JSON.parse(cli(['print-config', 'reply.txt'], { cwd: dir }).stdout) as { inReplyToFile?: string };
    expect(inside.inReplyToFile).toBe('message.txt');
    expect(outside.inReplyToFile).toBeUndefined();
  });
});
