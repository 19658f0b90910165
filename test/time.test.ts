import { describe, expect, it } from 'vitest';
import { cli, tempTree } from './helpers.js';

const OFFER = 'Thanks for asking! Use code SPRING for 20% off, valid until 31 March 2023.';
const rulesOf = (stdout: string) => (JSON.parse(stdout) as { rule: string }[]).map((d) => d.rule);

describe('time-aware rules in lint runs (built binary)', () => {
  it('stale-template uses the current time by default, and --now for a reproducible run', () => {
    expect(rulesOf(cli(['--format', 'json'], { input: OFFER }).stdout)).toContain('stale-template');
    expect(rulesOf(cli(['--format', 'json', '--now', '2023-03-01T12:00:00Z'], { input: OFFER }).stdout)).not.toContain(
      'stale-template',
    );
    expect(rulesOf(cli(['--format', 'json', '--now', '2023-04-01'], { input: OFFER }).stdout)).toContain(
      'stale-template',
    );
  });

  it('--now must be ISO 8601', () => {
    const r = cli(['--now', 'yesterday'], { input: OFFER });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--now yesterday: not an ISO 8601 date-time');
  });

  it('a collection entry carries received_at / sent_at: slow-response and stale-template per template', () => {
    const dir = tempTree({
      'macros.yml': [
        '- id: late',
        '  received_at: "2025-05-01T09:00:00Z"',
        '  sent_at: "2025-05-02T09:00:00Z"',
        '  body: "Thanks for waiting, your refund is on its way."',
        '- id: quick',
        '  received_at: "2025-05-01T09:00:00Z"',
        '  sent_at: "2025-05-01T09:20:00Z"',
        '  body: "Thanks for waiting, your refund is on its way."',
        '- id: offer',
        '  sent_at: "2023-03-01T09:00:00Z"',
        `  body: "${OFFER}"`,
        '- id: offer-now',
        `  body: "${OFFER}"`,
      ].join('\n'),
    });
    const r = cli(['--format', 'json', '--now', '2025-06-01T00:00:00Z', 'macros.yml'], { cwd: dir });
    const found = (JSON.parse(r.stdout) as { rule: string; entry: string }[]).filter((d) =>
      ['slow-response', 'stale-template'].includes(d.rule),
    );
    expect(found.map((d) => [d.entry, d.rule])).toEqual([
      ['late', 'slow-response'],
      ['offer-now', 'stale-template'],
    ]);
  });

  it("a Markdown draft's front matter carries received_at: slow-response against now", () => {
    const dir = tempTree({
      'draft.md': '---\nreceived_at: 2025-05-01T09:00:00Z\n---\nThanks for waiting, your refund is on its way.\n',
    });
    const late = cli(['--format', 'json', '--now', '2025-05-01T12:00:00Z', 'draft.md'], { cwd: dir });
    const [slow] = JSON.parse(late.stdout).filter((d: { rule: string }) => d.rule === 'slow-response');
    expect(slow).toMatchObject({ line: 4, column: 1 });
    expect(slow.message).toContain('3 h');
    expect(
      rulesOf(cli(['--format', 'json', '--now', '2025-05-01T09:30:00Z', 'draft.md'], { cwd: dir }).stdout),
    ).not.toContain('slow-response');
  });

  it('responseTargetMinutes from the configuration applies', () => {
    const dir = tempTree({
      '.replylintrc.yml': 'responseTargetMinutes: 240\n',
      'draft.md': '---\nreceived_at: 2025-05-01T09:00:00Z\n---\nThanks for waiting, your refund is on its way.\n',
    });
    expect(
      rulesOf(cli(['--format', 'json', '--now', '2025-05-01T12:00:00Z', 'draft.md'], { cwd: dir }).stdout),
    ).not.toContain('slow-response');
  });

  it('a received_at that is not a time is reported with the template, and left out', () => {
    const dir = tempTree({ 'm.yml': '- id: a\n  received_at: last tuesday\n  body: "Thanks, we are checking now."\n' });
    const r = cli(['m.yml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('m.yml: template \'a\': received_at "last tuesday" is not an ISO 8601 date-time');
  });
});
