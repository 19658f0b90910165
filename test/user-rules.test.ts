import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, patternRule, tempTree } from './helpers.js';

// Issue 12, W2: a user rule is matched as it reads (case-insensitively, escapes included), and
// its own examples are run when it is loaded, so a rule that can never match says so.

const matchesOf = (stdout: string, rule: string) =>
  (JSON.parse(stdout) as { rule: string; match: string }[]).filter((d) => d.rule === rule).map((d) => d.match);

describe('user rule patterns that name upper-case characters', () => {
  it('\\p{Lu}, [\\u0041-\\u005A], \\x41 and \\u00C9 match as the i flag reads them', () => {
    const rule = patternRule(['ticket \\p{Lu}\\d', 'ref [\\u0041-\\u005A]{3}', '\\x41bc', 'caf\\u00C9'], {
      flag: ['Your ticket B7 is open.', 'See ref QXZ.', 'Abc is done.', 'Meet me at the CAFÉ.'],
      pass: ['Your ticket is open.'],
    });
    const dir = tempTree({ 'rules/custom.yml': rule, 'reply.txt': 'Your ticket B7 is open. Ref QXZ. ABC. Cafe.\n' });
    const r = cli(['--rules', join(dir, 'rules'), '--format', 'json', join(dir, 'reply.txt')]);
    expect(r.stderr).toBe('');
    expect(matchesOf(r.stdout, 'custom')).toEqual(['ticket B7', 'Ref QXZ', 'ABC', 'Cafe']);
  });
});

describe("a user rule's examples are run when it is loaded", () => {
  const reply = (dir: string) => join(dir, 'reply.txt');

  it('a flag example the rule does not flag: exit 2, naming the file, line and example', () => {
    const rule = patternRule(['order \\d{5}'], { flag: ['Your order 12 is late.'], pass: ['Thanks.'] });
    const dir = tempTree({ 'rules/custom.yml': rule, 'reply.txt': 'Thanks.\n' });
    const r = cli(['--rules', join(dir, 'rules'), reply(dir)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${join(dir, 'rules', 'custom.yml')}:9:10: field 'examples.flag.0': the rule does not flag this example: "Your order 12 is late."`,
    );
    expect(r.stdout).toBe('');
  });

  it('a pass example the rule flags: exit 2, naming the example and what was found', () => {
    const rule = patternRule(['late'], { flag: ['Your order is late.'], pass: ['Thanks.', 'Sorry it is late.'] });
    const dir = tempTree({ 'rules/custom.yml': rule, 'reply.txt': 'Thanks.\n' });
    const r = cli(['--rules', join(dir, 'rules'), reply(dir)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`field 'examples.pass.1': the rule flags 'late' in this example, which should pass`);
  });

  it('an example with the message it answers is judged with that message (a rule with when: complaint)', () => {
    const rule = [
      'id: custom',
      'tip: 2',
      'level: warning',
      'type: existence',
      'message: "Found \'{match}\'."',
      'when: [complaint]',
      'words: ["as soon as possible"]',
      'examples:',
      '  flag:',
      '    - reply: "We will fix it as soon as possible."',
      '      in_reply_to: "My parcel never arrived and nobody answers my emails. This is unacceptable."',
      '  pass:',
      '    - reply: "We will fix it as soon as possible."',
      '      in_reply_to: "Thanks, the parcel arrived today!"',
      '',
    ].join('\n');
    const dir = tempTree({ 'rules/custom.yml': rule, 'reply.txt': 'Thanks.\n' });
    const r = cli(['--rules', join(dir, 'rules'), reply(dir)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // The same examples the other way round: the complaint example must flag, so the file is refused.
    const swapped = rule.replace('  flag:', '  tmp:').replace('  pass:', '  flag:').replace('  tmp:', '  pass:');
    const bad = tempTree({ 'rules/custom.yml': swapped, 'reply.txt': 'Thanks.\n' });
    const refused = cli(['--rules', join(bad, 'rules'), reply(bad)]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("field 'examples.flag.0': the rule does not flag this example");
  });

  it('rules --rules DIR checks them too, and a rule whose examples hold loads', () => {
    const bad = patternRule(['order \\d{5}'], { flag: ['Your order 12 is late.'], pass: ['Thanks.'] });
    const badDir = tempTree({ 'rules/custom.yml': bad });
    expect(cli(['rules', '--rules', join(badDir, 'rules')])).toMatchObject({ code: 2 });
    const good = patternRule(['order \\d{5}'], { flag: ['Your order 12345 is late.'], pass: ['Thanks.'] });
    const goodDir = tempTree({ 'rules/custom.yml': good });
    const r = cli(['rules', '--rules', join(goodDir, 'rules')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('custom');
  });
});
