import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReplyDocument } from '../src/document/document.js';
import { lintReply } from '../src/engine/run.js';
import type { Settings, Timing } from '../src/engine/rule.js';
import { formatMinutes } from '../src/engine/types/slow-response.js';
import { loadRuleFile } from '../src/rules/load.js';
import { RuleFileError } from '../src/core/errors.js';
import { tempTree } from './helpers.js';

/** Compiles one rule from YAML text (no signals needed) and lints a reply with it. */
function lintWith(yaml: string, reply: string, extra: { settings?: Settings; timing?: Timing } = {}) {
  const dir = tempTree({
    'r.yml': `id: r\ntip: 7\nmessage: "m {account} {brand} {elapsed} {target} {we}"\nexamples: {flag: [x], pass: [y]}\n${yaml}`,
  });
  const rules = loadRuleFile(join(dir, 'r.yml'), 'en', new Map());
  const doc = ReplyDocument.fromText({ name: 't', source: reply, lang: 'en' });
  return lintReply(doc, undefined, rules, extra).map((f) => ({
    match: reply.slice(f.span.start, f.span.end),
    message: f.message,
  }));
}

describe('voice-mix', () => {
  const rule = 'type: voice-mix\nsingular: ["i", "my", "me"]\nplural: ["we", "our", "us"]\n';
  const we: Settings = { brand: { voice: 'we' } };

  it('flags the first "I" form of each sentence when the brand voice is "we" and the reply says "we"', () => {
    const found = lintWith(rule, 'We are sorry. I will check my notes and I will call. Let me know.', { settings: we });
    expect(found.map((f) => f.match)).toEqual(['I', 'me']);
    expect(found[0]!.message).toContain('We');
  });

  it('is silent without a "we" voice, without a "we" in the reply, or inside a quotation', () => {
    expect(lintWith(rule, 'We are sorry, I will check.')).toEqual([]);
    expect(lintWith(rule, 'We are sorry, I will check.', { settings: { brand: { voice: 'I' } } })).toEqual([]);
    expect(lintWith(rule, 'I am sorry, I will check.', { settings: we })).toEqual([]);
    expect(lintWith(rule, 'You wrote "I was charged twice" and we are on it.', { settings: we })).toEqual([]);
  });
});

describe('wrong-account', () => {
  const rule =
    'type: wrong-account\npatterns: ["the (?<account>\\\\S+( \\\\S+)?) team", "from (?<account>[@]\\\\w+)"]\nignore: [support, the]\n';
  const acme: Settings = { brand: { name: 'Acme Air', handles: ['@AcmeAir_help'] } };

  it('flags a name or handle that is not the configured brand, and says which', () => {
    const found = lintWith(rule, 'Thanks! The Globex team', { settings: acme });
    expect(found).toEqual([{ match: 'Globex', message: 'm Globex Acme Air {elapsed} {target} {we}' }]);
    expect(lintWith(rule, 'Sent from @globex_uk', { settings: acme }).map((f) => f.match)).toEqual(['@globex_uk']);
  });

  it('accepts the brand in any spelling, generic words, and is silent with no brand', () => {
    expect(lintWith(rule, 'The Acme Air team', { settings: acme })).toEqual([]);
    expect(lintWith(rule, 'The acmeair support team', { settings: acme })).toEqual([]);
    expect(lintWith(rule, 'Sent from @acmeair_help', { settings: acme })).toEqual([]);
    expect(lintWith(rule, 'Thanks, the support team', { settings: acme })).toEqual([]);
    expect(lintWith(rule, 'Thanks, the Globex team')).toEqual([]);
  });

  it('rejects a pattern without an account group, naming the field', () => {
    expect(() => lintWith('type: wrong-account\npatterns: ["the \\\\w+ team"]\n', 'x')).toThrow(RuleFileError);
    expect(() => lintWith('type: wrong-account\npatterns: ["the \\\\w+ team"]\n', 'x')).toThrow(/patterns\.0/);
  });
});

describe('slow-response', () => {
  const at = (time: string) => new Date(`2024-05-01T${time}:00Z`);

  it('flags a reply past the rule target, with how long it took and the target', () => {
    const found = lintWith('type: slow-response\ntarget_minutes: 30\n', 'Sorry for the wait. We are on it.', {
      timing: { receivedAt: at('09:00'), sentAt: at('10:15') },
    });
    expect(found).toEqual([{ match: 'Sorry for the wait.', message: 'm {account} {brand} 1 h 15 min 30 min {we}' }]);
  });

  it('prefers the team setting to the rule default, and is silent within target or without both times', () => {
    const timing = { receivedAt: at('09:00'), sentAt: at('10:15') };
    expect(lintWith('type: slow-response\n', 'On it.', { timing, settings: { responseTargetMinutes: 90 } })).toEqual(
      [],
    );
    expect(lintWith('type: slow-response\n', 'On it.', { timing })).toHaveLength(1);
    expect(lintWith('type: slow-response\n', 'On it.', { timing: { receivedAt: at('09:00') } })).toEqual([]);
    expect(
      lintWith('type: slow-response\n', 'On it.', { timing: { receivedAt: at('10:15'), sentAt: at('09:00') } }),
    ).toEqual([]);
  });

  it('formats durations in minutes, hours and days', () => {
    expect(formatMinutes(45, 'en')).toBe('45 min');
    expect(formatMinutes(120, 'en')).toBe('2 h');
    expect(formatMinutes(125, 'fr')).toBe('2 h 05 min');
    expect(formatMinutes(3000, 'en')).toBe('2 d 2 h');
    expect(formatMinutes(2880, 'fr')).toBe('2 j');
  });
});

describe('example timing and settings', () => {
  it('reads received_at, sent_at and settings, and reports a bad date at its field', () => {
    const ok = tempTree({
      'r.yml':
        'id: r\ntip: 8\ntype: slow-response\nmessage: m\nexamples:\n  flag:\n    - reply: x\n      received_at: "2024-05-01T09:00:00Z"\n      sent_at: "2024-05-01T11:00:00Z"\n      settings: {brand: {name: Acme, voice: we}, responseTargetMinutes: 30}\n  pass: [y]\n',
    });
    const [rule] = loadRuleFile(join(ok, 'r.yml'), 'en', new Map());
    expect(rule!.examples.flag[0]).toEqual({
      reply: 'x',
      timing: { receivedAt: new Date('2024-05-01T09:00:00Z'), sentAt: new Date('2024-05-01T11:00:00Z') },
      settings: { brand: { name: 'Acme', handles: undefined, voice: 'we' }, responseTargetMinutes: 30 },
    });
    const bad = tempTree({
      'r.yml':
        'id: r\ntip: 8\ntype: slow-response\nmessage: m\nexamples:\n  flag:\n    - reply: x\n      sent_at: yesterday\n  pass: [y]\n',
    });
    expect(() => loadRuleFile(join(bad, 'r.yml'), 'en', new Map())).toThrow(/r\.yml:8:\d+.*sent_at/);
  });

  it('still reads the old spelling of a setting (response_target_minutes), with a deprecation warning naming the file', async () => {
    const old = tempTree({
      'r.yml':
        'id: r\ntip: 8\ntype: slow-response\nmessage: m\nexamples:\n  flag:\n    - reply: x\n      settings: {response_target_minutes: 30}\n  pass: [y]\n',
    });
    const warnings: string[] = [];
    const listen = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', listen);
    try {
      const [rule] = loadRuleFile(join(old, 'r.yml'), 'en', new Map());
      expect(rule!.examples.flag[0]!.settings).toEqual({ responseTargetMinutes: 30 });
    } finally {
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      process.off('warning', listen);
    }
    expect(warnings).toEqual([
      expect.stringMatching(
        /^DeprecationWarning: .*r\.yml:8:\d+: 'response_target_minutes' is deprecated: write 'responseTargetMinutes'/,
      ),
    ]);
  });
});

describe('stale-date', () => {
  const months = 'months: [jan, feb, mar, apr, may, jun, jul, aug, sep, oct, nov, dec]\n';
  const rule = `type: stale-date\n${months}patterns: ["until (?<day>\\\\d+) (?<month>[a-z]+) (?<year>20\\\\d\\\\d)", "until (?<day>\\\\d+)/(?<month>\\\\d+)/(?<year>20\\\\d\\\\d)", "sale (?<year>20\\\\d\\\\d)"]\n`;
  const sent = (iso: string) => ({ timing: { sentAt: new Date(iso) } });

  it('flags a date or year that ended before the reply is sent', () => {
    expect(lintWith(rule, 'Valid until 31 March 2023.', sent('2023-04-01T00:00:00Z')).map((f) => f.match)).toEqual([
      'until 31 March 2023',
    ]);
    expect(lintWith(rule, 'Our sale 2023 is on.', sent('2024-01-01T00:00:00Z')).map((f) => f.match)).toEqual([
      'sale 2023',
    ]);
  });

  it('counts the whole day, month or year named, reads month-first numbers, and needs sentAt', () => {
    expect(lintWith(rule, 'Valid until 31 March 2023.', sent('2023-03-31T23:00:00Z'))).toEqual([]);
    expect(lintWith(rule, 'Our sale 2023 is on.', sent('2023-12-31T12:00:00Z'))).toEqual([]);
    expect(lintWith(rule, 'Valid until 12/31/2023.', sent('2023-12-31T12:00:00Z'))).toEqual([]);
    expect(lintWith(rule, 'Valid until 12/31/2023.', sent('2024-01-01T00:00:01Z'))).toHaveLength(1);
    expect(lintWith(rule, 'Valid until 31 March 2023.')).toEqual([]);
  });

  it('requires a year group and twelve months', () => {
    expect(() => lintWith(`type: stale-date\n${months}patterns: ["until \\\\d+"]\n`, 'x')).toThrow(/patterns\.0/);
    expect(() => lintWith('type: stale-date\nmonths: [jan]\npatterns: ["(?<year>20\\\\d\\\\d)"]\n', 'x')).toThrow(
      /months/,
    );
  });
});
