import { describe, expect, it } from 'vitest';
import { cli, tempTree } from './helpers.js';

const BLAME = 'This is your fault.\n';
const THREAT = 'You will be banned.\n';

/** A repository as a team has it: replies, templates, and the files every project has. */
function repository(extra: Record<string, string> = {}) {
  return tempTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'package.json': JSON.stringify({
      name: 'team',
      description: 'This is your fault',
      scripts: { lint: 'replylint .' },
    }),
    'package-lock.json': JSON.stringify({ name: 'team', lockfileVersion: 3, packages: { '': { name: 'team' } } }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true } }),
    'settings.yml': 'name: This is your fault\nretries: "3"\n',
    'replies/a.txt': BLAME,
    'replies/deep/b.md': THREAT,
    'templates/macros.yml': '- id: sorry\n  body: "We apologize for any inconvenience."\n',
    'node_modules/pkg/readme.txt': BLAME,
    '.github/notes.md': BLAME,
    'archive/2019.txt': BLAME,
    ...extra,
  });
}

const filesOf = (stdout: string) => [...new Set((JSON.parse(stdout) as { file: string }[]).map((d) => d.file))].sort();

describe('which files a run lints (built binary)', () => {
  it('a folder yields reply files only: text, Markdown and template collections', () => {
    const dir = repository();
    const r = cli(['--format', 'json', '.'], { cwd: dir });
    expect(filesOf(r.stdout)).toEqual([
      'archive/2019.txt',
      'replies/a.txt',
      'replies/deep/b.md',
      'templates/macros.yml',
    ]);
    expect(r.stderr).toBe('');
  });

  it('a YAML/JSON file whose name a `collections:` glob gives is a collection, whatever its content', () => {
    const dir = repository({ '.replylintrc.yml': 'collections: ["settings.yml"]\n' });
    expect(filesOf(cli(['--format', 'json', '.'], { cwd: dir }).stdout)).toContain('settings.yml');
  });

  it('expands a quoted glob itself, and says when nothing matches', () => {
    const dir = repository();
    const r = cli(['--format', 'json', 'replies/**/*.txt'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(filesOf(r.stdout)).toEqual(['replies/a.txt']);
    expect(filesOf(cli(['--format', 'json', '**/*.{txt,md}'], { cwd: dir }).stdout)).toEqual([
      'archive/2019.txt',
      'replies/a.txt',
      'replies/deep/b.md',
    ]);
    const none = cli(['drafts/*.txt'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('drafts/*.txt: no files match this pattern');
  });

  it('.replylintignore (gitignore syntax) leaves files and folders out', () => {
    const dir = repository({
      '.replylintignore': '# old replies\narchive/\n*.md\n!replies/deep/keep.md\n',
      'replies/deep/keep.md': THREAT,
    });
    const r = cli(['--format', 'json', '.'], { cwd: dir });
    expect(filesOf(r.stdout)).toEqual(['replies/a.txt', 'replies/deep/keep.md', 'templates/macros.yml']);
  });

  it('a file named on the command line but ignored gets a warning and exit 0, as in ESLint', () => {
    const dir = repository({ '.replylintignore': 'archive/\n' });
    const r = cli(['archive/2019.txt'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toContain('archive/2019.txt: ignored by .replylintignore, not linted (--no-ignore lints it)');
    const byConfig = repository({ '.replylintrc.yml': 'ignore: ["archive/**"]\n' });
    const c = cli(['archive/2019.txt'], { cwd: byConfig });
    expect(c.code).toBe(0);
    expect(c.stderr).toContain('ignored by the configuration (ignore:)');
  });

  it('--no-ignore lints ignored files; --ignore-pattern and --ignore-path add or replace patterns', () => {
    const dir = repository({ '.replylintignore': 'archive/\n', 'lint.ignore': 'replies/deep/\n' });
    expect(cli(['--no-ignore', 'archive/2019.txt'], { cwd: dir }).code).toBe(1);
    expect(filesOf(cli(['--format', 'json', '--no-ignore', '.'], { cwd: dir }).stdout)).toContain('archive/2019.txt');
    expect(
      filesOf(
        cli(['--format', 'json', '--ignore-pattern', 'templates/', '--ignore-pattern', '*.md', '.'], { cwd: dir })
          .stdout,
      ),
    ).toEqual(['replies/a.txt']);
    // --ignore-path replaces .replylintignore: archive/ is linted again, replies/deep/ is not.
    expect(filesOf(cli(['--format', 'json', '--ignore-path', 'lint.ignore', '.'], { cwd: dir }).stdout)).toEqual([
      'archive/2019.txt',
      'replies/a.txt',
      'templates/macros.yml',
    ]);
    const missing = cli(['--ignore-path', 'nope.ignore', '.'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--ignore-path nope.ignore: no such file');
  });

  it('still lints a named file of any kind, and a named YAML file as a collection', () => {
    const dir = repository();
    expect(cli(['--format', 'json', 'templates/macros.yml'], { cwd: dir }).stdout).toContain('corporate-jargon');
    expect(filesOf(cli(['--format', 'json', 'node_modules/pkg/readme.txt'], { cwd: dir }).stdout)).toEqual([
      'node_modules/pkg/readme.txt',
    ]);
  });
});
