import { describe, expect, it } from 'vitest';
import { cli, tempTree } from './helpers.js';

describe('--stdin-filename (built binary)', () => {
  it('names stdin in the report', () => {
    const r = cli(['--format', 'json', '--stdin-filename', 'replies/refund.txt'], { input: 'This is your fault.' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)[0].file).toBe('replies/refund.txt');
  });

  it('gives stdin the format of its extension: Markdown code is not linted, a YAML collection is split', () => {
    const markdown = 'Sorry about that.\n\n```\nThis is your fault.\n```\n';
    expect(cli(['--format', 'json'], { input: markdown }).stdout).toContain('hostile-tone');
    expect(cli(['--format', 'json', '--stdin-filename', 'reply.md'], { input: markdown })).toMatchObject({ code: 0 });
    const yaml =
      '- id: refund\n  body: "This is your fault."\n- id: thanks\n  body: "Thanks for telling us, we are checking."\n';
    const r = JSON.parse(cli(['--format', 'json', '--stdin-filename', 'templates/macros.yml'], { input: yaml }).stdout);
    expect(r.map((d: { entry?: string; line: number }) => [d.entry, d.line])).toEqual([['refund', 2]]);
  });

  it('applies the configuration of that path: its overrides, and its ignore (a warning, exit 0)', () => {
    const dir = tempTree({
      '.replylintrc.yml':
        'overrides:\n  - files: ["community/**"]\n    rules: { hostile-tone: off }\nignore: ["drafts/**"]\n',
    });
    const input = 'This is your fault.';
    expect(cli(['--stdin-filename', 'support/a.txt'], { cwd: dir, input }).code).toBe(1);
    expect(cli(['--stdin-filename', 'community/a.txt'], { cwd: dir, input })).toMatchObject({ code: 0, stdout: '' });
    const ignored = cli(['--stdin-filename', 'drafts/a.txt'], { cwd: dir, input });
    expect(ignored).toMatchObject({ code: 0, stdout: '' });
    expect(ignored.stderr).toContain('drafts/a.txt: ignored, not linted');
    expect(cli(['--no-ignore', '--stdin-filename', 'drafts/a.txt'], { cwd: dir, input }).code).toBe(1);
  });

  it('honours .replylintignore and --ignore-pattern for that path', () => {
    const dir = tempTree({ '.replylintignore': 'archive/\n' });
    const input = 'This is your fault.';
    expect(cli(['--stdin-filename', 'archive/a.txt'], { cwd: dir, input }).code).toBe(0);
    expect(cli(['--ignore-pattern', '*.txt', '--stdin-filename', 'b.txt'], { cwd: dir, input }).code).toBe(0);
    expect(cli(['--stdin-filename', 'b.txt'], { cwd: dir, input }).code).toBe(1);
  });

  it('takes the template mode of a templates/ path (placeholders expected there)', () => {
    const input = 'Hi {{first_name}}, thanks for telling us. We are checking your order now.';
    expect(cli(['--format', 'json'], { input }).stdout).toContain('unfilled-placeholder');
    expect(cli(['--format', 'json', '--stdin-filename', 'templates/hello.txt'], { input }).stdout).not.toContain(
      'unfilled-placeholder',
    );
  });

  it('is a usage error with files', () => {
    const r = cli(['--stdin-filename', 'a.txt', 'README.md']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--stdin-filename names stdin');
  });
});
