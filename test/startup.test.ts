import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempTree } from './helpers.js';

/** Runs the CLI in-process in a child node and lists the packages it loaded. */
function packagesLoaded(args: string[], input: string): string[] {
  const script = `
    import { createRequire } from 'node:module';
    import { main } from ${JSON.stringify(join(ROOT, 'dist/bundle/replylint.js'))};
    await main(['node', 'replylint', ...${JSON.stringify(args)}]);
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    process.stderr.write('\\nLOADED ' + JSON.stringify(loaded) + '\\n');`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  if (!line) throw new Error(r.stderr);
  return (JSON.parse(line.slice(7)) as string[]).flatMap((f) => /node_modules\/([^/]+)\//.exec(f)?.[1] ?? []);
}

describe('lean start-up', () => {
  it('lints a draft without loading yaml or natural (rules come from the build cache)', () => {
    const loaded = packagesLoaded(['--in-reply-to', 'fixtures/messages/late-flight.txt'], 'This is your fault.');
    expect(loaded).not.toContain('yaml');
    expect(loaded).not.toContain('natural');
  });

  it('parses a built-in rule copied under another name, and still locates the error in it', () => {
    // A built-in rule with simple patterns: the ReDoS analysis of user rules stays quick.
    const text = readFileSync(join(ROOT, 'rules/en/exclamation-overload.yml'), 'utf8');
    const idLine = text.split('\n').findIndex((l) => l.startsWith('id:')) + 1;
    const dir = tempTree({ 'renamed.yml': text });
    const r = cli(['--rules', dir], { input: 'hello' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`renamed.yml:${idLine}:5: field 'id'`);
  });
});
