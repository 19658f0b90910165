import { describe, expect, it } from 'vitest';
import { cli, FINDING_KEYS, inconvenienceRule, tempTree } from './helpers.js';

const BLAME = 'This is your fault. Read the FAQ before complaining!!!';

describe('replylint CLI (built binary)', () => {
  it('lints stdin, names it <stdin>, and exits 1 on a warning', () => {
    const r = cli([], { input: BLAME });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('<stdin>');
    expect(r.stdout).toMatch(/1:1\s+warning\s+.*hostile-tone \(tip 1\)/);
    expect(r.stdout).toContain('→ ');
  });

  it('exits 0 with no output on a good reply', () => {
    const r = cli([], { input: "Sorry about that! Could you DM us your order number? We'll check right away." });
    expect(r).toMatchObject({ code: 0, stdout: '' });
  });

  it('treats empty input as clean', () => {
    expect(cli([], { input: '' })).toMatchObject({ code: 0, stdout: '' });
    expect(cli([], { input: '  \n\n ' })).toMatchObject({ code: 0, stdout: '' });
  });

  it('prints documented JSON with positions of the match', () => {
    const r = cli(['--format', 'json'], { input: 'Hello.\nKeep this up and you will be banned.' });
    const [threat] = JSON.parse(r.stdout).filter((d: { rule: string }) => d.rule === 'deletion-threat');
    expect(Object.keys(threat)).toEqual(['file', ...FINDING_KEYS]);
    expect(threat).toMatchObject({ file: '<stdin>', level: 'error', tip: 1, line: 2, column: 1 });
    expect('Hello.\nKeep this up and you will be banned.'.slice(threat.offset, threat.offset + threat.length)).toBe(
      threat.match,
    );
  });

  it('runs the investigation rule only when --in-reply-to is a complaint', () => {
    const reply = ['fixtures/replies/link-only.txt'];
    const withComplaint = cli(['--format', 'json', '--in-reply-to', 'fixtures/messages/late-flight.txt', ...reply]);
    const rules = JSON.parse(withComplaint.stdout).map((d: { rule: string }) => d.rule);
    expect(rules).toContain('missing-investigation');
    expect(rules).toContain('link-deflection');
    const alone = JSON.parse(cli(['--format', 'json', ...reply]).stdout).map((d: { rule: string }) => d.rule);
    expect(alone).not.toContain('missing-investigation');
  });

  it('accepts --context as an alias, and the message on stdin with -', () => {
    const dir = tempTree({ 'r.txt': 'We apologise for any inconvenience.' });
    const r = cli(['--format', 'json', '--context', '-', `${dir}/r.txt`], {
      input: 'My parcel never arrived, this is a joke.',
    });
    expect(JSON.parse(r.stdout).map((d: { rule: string }) => d.rule)).toContain('missing-investigation');
  });

  it('lints several files and folders, grouped by file', () => {
    const r = cli(['fixtures/replies']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('fixtures/replies/blame.txt');
    expect(r.stdout).toContain('fixtures/replies/threat.txt');
    expect(r.stdout).not.toContain('good.txt');
  });

  it('ignores fenced code, inline code and link URLs in Markdown', () => {
    const r = cli(['--format', 'json', 'fixtures/replies/markdown-reply.md']);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('reports a missing file with exit 2 and still lints the others', () => {
    const r = cli(['--format', 'json', 'no/such/file.txt', 'fixtures/replies/blame.txt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no/such/file.txt: no such file or directory');
    expect(JSON.parse(r.stdout).length).toBeGreaterThan(0);
  });

  it('skips a binary file with a notice', () => {
    const dir = tempTree({ 'blob.txt': Buffer.from([0x89, 0x50, 0x00, 0x01, 0x02]) });
    const r = cli([`${dir}/blob.txt`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('binary file');
  });

  it('keeps positions right with CRLF and a BOM', () => {
    const dir = tempTree({ 'crlf.txt': '\uFEFFHello Sam.\r\nAs I already said, no.\r\n' });
    const [d] = JSON.parse(cli(['--format', 'json', `${dir}/crlf.txt`]).stdout);
    expect(d).toMatchObject({ rule: 'hostile-tone', line: 2, column: 1, match: 'As I already said' });
  });

  it('--min-level and --max-warnings decide the exit code', () => {
    expect(cli(['--min-level', 'error'], { input: BLAME }).code).toBe(0);
    expect(cli(['--max-warnings', '5'], { input: BLAME }).code).toBe(0);
    expect(cli(['--max-warnings', '0'], { input: BLAME }).code).toBe(1);
    expect(cli(['--min-level', 'error'], { input: 'Keep this up and you will be banned.' }).code).toBe(1);
    expect(cli(['--min-level', 'suggestion'], { input: 'Thanks!!!' }).code).toBe(1);
    expect(cli([], { input: 'Thanks!!!' }).code).toBe(0);
  });

  it('--rule and --disable select rules by id or family; unknown names are usage errors', () => {
    const only = JSON.parse(
      cli(['--format', 'json', '--rule', 'deletion-threat'], { input: `${BLAME} We will ban you.` }).stdout,
    );
    expect(new Set(only.map((d: { rule: string }) => d.rule))).toEqual(new Set(['deletion-threat']));
    const without = JSON.parse(cli(['--format', 'json', '--disable', 'hostile-tone'], { input: BLAME }).stdout);
    expect(without.filter((d: { family: string }) => d.family === 'hostile-tone')).toEqual([]);
    // deletion-threat is a member of the family: a threat is reported as such, and the family's
    // --disable silences it too (README, Tone model)
    const threat = `${BLAME} We will ban you.`;
    const all = JSON.parse(cli(['--format', 'json'], { input: threat }).stdout);
    expect(all).toContainEqual(
      expect.objectContaining({ rule: 'deletion-threat', family: 'hostile-tone', level: 'error' }),
    );
    const silenced = cli(['--format', 'json', '--disable', 'hostile-tone'], { input: threat });
    expect(JSON.parse(silenced.stdout).map((d: { rule: string }) => d.rule)).not.toContain('deletion-threat');
    const bad = cli(['--rule', 'no-such-rule'], { input: BLAME });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown rule 'no-such-rule'");
  });

  it('one finding per problem: a pattern finding inside a worse finding of its family is dropped, one reaching other words stays', () => {
    const rule = (id: string, level: string, pattern: string, flag: string) =>
      [
        `id: ${id}`,
        'tip: 1',
        `level: ${level}`,
        'type: existence',
        'family: demo-family',
        'message: "Found \'{match}\'."',
        `patterns: ['${pattern}']`,
        'examples:',
        `  flag: [${JSON.stringify(flag)}]`,
        '  pass: ["Thanks for the photo."]',
      ].join('\n');
    const dir = tempTree({
      'en/demo-sanction.yml': rule(
        'demo-sanction',
        'error',
        'keep posting (this|that),? we will block you',
        'keep posting this we will block you',
      ),
      'en/demo-blame.yml': rule('demo-blame', 'warning', '(keep posting|your doing)', 'keep posting'),
    });
    const lint = (input: string) =>
      JSON.parse(cli(['--rules', dir, '--format', 'json'], { input }).stdout)
        .filter((d: { family: string }) => d.family === 'demo-family')
        .map((d: { rule: string; match: string }) => `${d.rule}: ${d.match}`);
    // the warning's words lie inside the error's: one finding, the worse
    expect(lint('Keep posting this we will block you.')).toEqual([
      'demo-sanction: Keep posting this we will block you',
    ]);
    // the warning is on other words of the sentence: both stay
    expect(lint('Your doing, so keep posting this we will block you.')).toEqual([
      'demo-blame: Your doing, so keep posting',
      'demo-sanction: keep posting this we will block you',
    ]);
  });

  it('loads user rules from --rules DIR', () => {
    const dir = tempTree({
      'en/no-sorry-for-inconvenience.yml': inconvenienceRule('no-sorry-for-inconvenience'),
    });
    const r = cli(['--rules', dir, '--format', 'json'], { input: 'We apologise for any inconvenience.' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toContainEqual(
      expect.objectContaining({ rule: 'no-sorry-for-inconvenience', level: 'error', match: 'any inconvenience' }),
    );
  });

  it('reports an invalid user rule with file, line, column and field (exit 2)', () => {
    const dir = tempTree({ 'bad-rule.yml': 'id: bad-rule\ntip: 12\ntype: existence\nmessage: x\nwords: [a]\n' });
    const r = cli(['--rules', dir], { input: 'hello' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-rule\.yml:2:6: field 'tip': must be at most 10/);
  });

  it('honours --no-color and NO_COLOR; colours only when asked', () => {
    const plain = cli(['--no-color'], { input: BLAME, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(plain.stdout).not.toContain('\u001b[');
    const coloured = cli([], { input: BLAME, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(coloured.stdout).toContain('\u001b[');
    const noColorEnv = cli([], { input: BLAME, env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(noColorEnv.stdout).not.toContain('\u001b[');
  });

  it('rejects unknown options and formats with exit 2', () => {
    expect(cli(['--frobnicate'], { input: 'x' }).code).toBe(2);
    expect(cli(['--format', 'xml'], { input: 'x' }).code).toBe(2);
  });
});
