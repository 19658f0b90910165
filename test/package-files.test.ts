import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { ROOT } from './helpers.js';

/** What `npm publish` would ship (package.json "files"), listed without building or packing. */
function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
}

describe('the published package', () => {
  const files = packedFiles();

  it('holds what a run needs: the launcher, the bundle, the modules the audit worker and the library load, rules, signals, the schema', () => {
    for (const file of [
      'bin/replylint.js',
      'dist/bundle/replylint.cjs',
      'dist/audit/worker.js',
      'dist/lint.js',
      'dist/rules-cache.bin',
      'rules/en/hostile-tone.yml',
      'signals/en/complaint.yml',
      'schema/rule.schema.json',
    ]) {
      expect(files, file).toContain(file);
    }
  });

  it('leaves out the dev tools (build, bench, eval, fuzz, docs), the sources and the tests', () => {
    expect(files.filter((f) => /^(dist\/tools|src|test)\//.test(f))).toEqual([]);
  });
});
