import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics.js';
import { LineIndex } from '../src/document/lines.js';
import { cli, ROOT, tempTree } from './helpers.js';

type Found = Diagnostic;

const FIXTURES = 'fixtures/templates';
const run = (...args: string[]): Found[] => JSON.parse(cli(['--format', 'json', ...args]).stdout);
const fileText = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Line/column agree with offset in the file, and the file there reads as the match (escapes aside). */
function expectPlaced(d: Found, rawInFile?: string): void {
  const text = fileText(d.file);
  const lines = new LineIndex(text);
  expect(lines.position(d.offset)).toEqual({ line: d.line, column: d.column });
  expect(lines.position(d.offset + d.length)).toEqual({ line: d.endLine, column: d.endColumn });
  expect(text.slice(d.offset, d.offset + d.length)).toBe(rawInFile ?? d.match);
}

describe('template repository (fixtures/templates)', () => {
  const all = run(FIXTURES);
  const byEntry = (entry: string) => all.filter((d) => d.entry === entry);

  it('lints every kind of file in the folder, good templates stay clean', () => {
    expect(new Set(all.map((d) => d.file.replace(`${FIXTURES}/`, '')))).toEqual(
      new Set(['support-macros.yml', 'helpdesk-export.json', 'complaint-form.md']),
    );
    expect(byEntry('refund-sent')).toEqual([]);
    expect(byEntry('out-of-stock')).toEqual([]);
    expect(cli([FIXTURES]).code).toBe(1);
  });

  it("points into a YAML block scalar, using the entry's when: complaint", () => {
    const denied = byEntry('refund-denied');
    // The headline checks; other tips' rules (acknowledgement, next step) may add their own.
    const headline = denied.filter((d) => ['hostile-tone', 'missing-investigation'].includes(d.family));
    // "As we already explained, this is your fault": one sentence to rewrite, one finding.
    expect(headline.map((d) => d.rule).sort()).toEqual(['hostile-tone', 'missing-investigation']);
    const fault = denied.find((d) => d.rule === 'hostile-tone')!;
    expect(fault.match).toMatch(/^As we already explained, this is your fault$/);
    expect(fault).toMatchObject({ line: 17, column: 5 });
    for (const d of denied.filter((x) => x.rule === 'hostile-tone')) expectPlaced(d);
  });

  it('points into a folded scalar across its line break', () => {
    const threat = byEntry('moderation-warning').find((d) => d.rule === 'deletion-threat');
    expect(threat).toMatchObject({ rule: 'deletion-threat', line: 22, column: 5 });
    expectPlaced(threat!);
  });

  it('points into a JSON string after escapes (\\n, \\u00e9, \\")', () => {
    const json = all.filter((d) => d.file.endsWith('.json'));
    expect(json.map((d) => d.entry)).toEqual(['Already answered', 'Already answered']);
    for (const d of json) expectPlaced(d);
    expect(json.map((d) => d.match)).toEqual(['As I already said', 'before posting']);
  });

  it('honours a # replylint-disable-next-line comment before a template', () => {
    expect(byEntry('terms-reminder')).toEqual([]);
    const dir = tempTree({
      't.yml': fileText(`${FIXTURES}/support-macros.yml`).replace(/^# replylint-disable-next-line.*\n/m, ''),
    });
    expect(
      run(join(dir, 't.yml'))
        .filter((d) => d.entry === 'terms-reminder')
        .map((d) => d.rule),
    ).toEqual(['hostile-tone']);
  });

  it('reports the near-duplicate template once, with the other in related', () => {
    const [dup, ...rest] = all.filter((d) => d.rule === 'canned-duplicate');
    expect(rest).toEqual([]);
    expect(dup).toMatchObject({ entry: 'refund-sent-copy', line: 35, column: 5 });
    expect(dup!.related?.[0]).toMatchObject({ line: 5, column: 5 });
  });

  it('reads Markdown front matter as context and not as prose; placeholders in code are not flagged', () => {
    expect(all.filter((d) => d.file.endsWith('shipping-delay.md'))).toEqual([]);
    const form = all.filter((d) => d.file.endsWith('complaint-form.md'));
    expect(
      form
        .filter((d) => d.tip <= 2)
        .map((d) => d.rule)
        .sort(),
    ).toEqual(['link-deflection', 'missing-investigation']);
    expect(form.map((d) => d.rule)).not.toContain('shouting');
    expect(form.find((d) => d.rule === 'missing-investigation')).toMatchObject({ line: 5, column: 1 });
  });

  it('is in template mode by default; --mode draft reports placeholders, in the original files', () => {
    expect(all.filter((d) => d.rule === 'unfilled-placeholder')).toEqual([]);
    const drafts = run('--mode', 'draft', '--rule', 'unfilled-placeholder', FIXTURES);
    const names = drafts.map((d) => d.match);
    expect(names).toEqual(
      expect.arrayContaining(['{{first_name}}', '[NAME]', '%first_name%', '{{ticket.requester.first_name}}']),
    );
    expect(names).not.toContain('{{first_name}}`');
    for (const d of drafts) expectPlaced(d);
    // `{{first_name}}` inside inline code in shipping-delay.md is an instruction, not a placeholder.
    expect(drafts.filter((d) => d.file.endsWith('shipping-delay.md'))).toHaveLength(1);
  });
});

describe('collections on the command line', () => {
  it('--body-field and --id-field name the fields of an export', () => {
    const json = JSON.stringify([{ key: 'ban', html: 'We will ban you.' }]);
    const dir = tempTree({ 'export.json': json });
    expect(cli([join(dir, 'export.json')]).stderr).toContain('no templates found');
    const [d] = run('--body-field', 'html', '--id-field', 'key', join(dir, 'export.json'));
    expect(d).toMatchObject({ rule: 'deletion-threat', entry: 'ban', line: 1, column: json.indexOf('We will') + 1 });
  });

  it('keeps positions right in a CRLF collection with a BOM', () => {
    const text =
      '- id: a\r\n  body: |\r\n    Hello.\r\n    We will ban you.\r\n- id: b\r\n  body: >\r\n    Fine\r\n    this is your fault.\r\n';
    const dir = tempTree({ 'crlf.yml': `\uFEFF${text}` });
    const found = run(join(dir, 'crlf.yml'));
    expect(found.map((d) => [d.entry, d.line, d.column, text.slice(d.offset, d.offset + d.length)])).toEqual([
      ['a', 4, 5, 'We will ban you'],
      ['b', 8, 5, 'this is your fault'],
    ]);
  });

  it('reports invalid YAML with its position and exit 2', () => {
    const dir = tempTree({ 'bad.yml': '- id: a\n  body: "unclosed\n' });
    const r = cli([join(dir, 'bad.yml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yml: \d+:\d+: not valid YAML\/JSON/);
  });

  it('a file under templates/ is in template mode, elsewhere in draft mode', () => {
    const dir = tempTree({
      'templates/a.txt': 'Hi {{first_name}}, thanks!',
      'drafts/a.txt': 'Hi {{first_name}}, thanks!',
    });
    expect(run(dir).map((d) => `${d.file.slice(dir.length + 1)}:${d.rule}`)).toEqual([
      'drafts/a.txt:unfilled-placeholder',
    ]);
  });
});

describe('YAML aliases and merge keys in a collection (issue 12, W6)', () => {
  const FLAGGED = 'Sorry for any inconvenience, this is your fault.';

  it('lints a template whose body is an alias, pointing at the anchored text', () => {
    const yaml = `shared: &sorry "${FLAGGED}"\ntemplates:\n  - id: first\n    body: *sorry\n`;
    const dir = tempTree({ 'only-alias.yml': yaml });
    const found = run('--rule', 'hostile-tone', join(dir, 'only-alias.yml'));
    expect(found.map((d) => [d.entry, d.line, d.match])).toEqual([['first', 1, 'this is your fault']]);
  });

  it('lints a list item that is an alias, and a template that takes its body from a merge key', () => {
    const yaml = [
      'defaults: &defaults',
      `  body: "${FLAGGED}"`,
      'list:',
      '  - &plain "This is your fault."',
      '  - *plain',
      'templates:',
      '  - <<: *defaults',
      '    id: merged',
      '',
    ].join('\n');
    const dir = tempTree({ 'aliases.yml': yaml });
    const found = run('--rule', 'hostile-tone', join(dir, 'aliases.yml'));
    expect(found.map((d) => d.entry)).toEqual(['defaults', '#1', '#2', 'merged']);
  });
});
