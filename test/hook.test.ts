import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './helpers.js';

/** The fast half of the hook's checks; `npm run check:hook` installs it with the real pre-commit. */
describe('the pre-commit hook definition', () => {
  const [hook] = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as {
    id: string;
    entry: string;
    language: string;
    files: string;
    exclude: string;
  }[];
  const { bin } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };

  it('runs the bin the package installs, on reply files and not on tooling files', () => {
    expect(hook).toMatchObject({ id: 'replylint', language: 'node', entry: 'replylint' });
    expect(Object.keys(bin)).toContain(hook!.entry);
    const selected = (path: string) => new RegExp(hook!.files).test(path) && !new RegExp(hook!.exclude).test(path);
    for (const path of ['replies/a.txt', 'replies/b.md', 'templates/macros.yml', 'templates/m.json'])
      expect(selected(path), path).toBe(true);
    for (const path of [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      '.replylintrc.yml',
      '.pre-commit-config.yaml',
      'src/x.ts',
    ])
      expect(selected(path), path).toBe(false);
  });

  it("makes npm pack print only the tarball's name (pre-commit reads it from the output)", () => {
    // `npm pack` runs the build in the foreground unless the project says otherwise, and its
    // banners then precede the name on stdout.
    expect(execFileSync('npm', ['config', 'get', 'foreground-scripts'], { cwd: ROOT, encoding: 'utf8' }).trim()).toBe(
      'false',
    );
  });
});
