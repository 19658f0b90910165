import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/index.js';
import { cli } from './helpers.js';

describe('replylint rules / explain', () => {
  it('lists every rule grouped by tip, with level and languages', () => {
    const r = cli(['rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Tip 1\n/);
    expect(r.stdout).toMatch(/deletion-threat\s+error\s+en/);
    const tips = [...r.stdout.matchAll(/^Tip (\d+)$/gm)].map((m) => Number(m[1]));
    expect(tips).toEqual([...tips].sort((a, b) => a - b));
  });

  it('lists rules as JSON', () => {
    const list = JSON.parse(cli(['rules', '--format', 'json']).stdout);
    const threat = list.find((r: { id: string }) => r.id === 'deletion-threat');
    expect(threat).toMatchObject({ tip: 1, level: 'error', type: 'classifier' });
    expect(threat.langs).toContain('en');
  });

  it('says which rules need the message answered, the brand settings or the times (silent without them)', () => {
    const list = JSON.parse(cli(['rules', '--format', 'json']).stdout) as { id: string; needs: string[] }[];
    const needs = Object.fromEntries(list.map((r) => [r.id, r.needs]));
    expect(needs['missing-investigation']).toEqual(['message']); // when: complaint
    expect(needs['language-mismatch']).toEqual(['message']); // its type compares with the message
    expect(needs['wrong-account']).toEqual(['brand']);
    expect(needs['slow-response']).toEqual(['received-time']);
    expect(needs['hostile-tone']).toEqual([]);
    const text = cli(['rules']).stdout;
    expect(text).toMatch(/\n {2}missing-investigation .*\n {4,}needs the message answered \(--in-reply-to\)\n/);
    expect(text).toMatch(/\n {2}wrong-account .*\n {4,}needs brand settings \(brand: in the configuration\)\n/);
  });

  it("prints as JSON the very rule descriptions of the library's loadRules()", () => {
    const list = JSON.parse(cli(['rules', '--format', 'json']).stdout) as unknown[];
    expect(list).toEqual(loadRules());
    expect(loadRules().find((r) => r.id === 'missing-investigation')?.needs).toEqual(['message']);
  });

  it('explains a rule with its tip, why, and a flagged and a clean example', () => {
    const r = cli(['explain', 'missing-investigation']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('missing-investigation (tip 2');
    expect(r.stdout).toContain('Why it matters:');
    expect(r.stdout).toContain('Flagged:');
    expect(r.stdout).toContain('Clean:');
    expect(r.stdout).toContain('in reply to:');
  });

  it('rejects an unknown rule with exit 2', () => {
    const r = cli(['explain', 'no-such-rule']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown rule 'no-such-rule'");
  });
});
