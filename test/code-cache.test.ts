import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const DRAFT = 'Hi Sam, this is your fault. Read the FAQ before complaining!!!';
const ARGS = ['--in-reply-to', 'fixtures/messages/late-flight.txt', '--format', 'json'];

/** The built package in a temporary folder, to tamper with its bundle or cache. */
function packageCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'replylint-cache-'));
  for (const part of ['bin', 'dist', 'models', 'rules', 'signals', 'fixtures', 'package.json'])
    cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function run(root: string) {
  const r = spawnSync(process.execPath, [join(root, 'bin/replylint.js'), ...ARGS], {
    cwd: root,
    input: DRAFT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', REPLYLINT_DEBUG_CODE_CACHE: '1' },
  });
  return { code: r.status, stdout: r.stdout, cache: /code cache: (\w+)/.exec(r.stderr)?.[1] };
}

/** The same lint through the ES module bundle (no vm script, no cache). */
function runModule(root: string) {
  const script = `import { main } from ${JSON.stringify(join(root, 'dist/bundle/replylint.js'))}; process.exitCode = await main(['node', 'replylint', ...${JSON.stringify(ARGS)}]);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    input: DRAFT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout };
}

describe('code cache of the bundled CLI', () => {
  it('is made by the build and used by bin/, with the output of the module bundle', () => {
    const fromCache = run(ROOT);
    expect(fromCache.cache).toBe('used');
    expect(JSON.parse(fromCache.stdout).length).toBeGreaterThan(0);
    expect(fromCache).toMatchObject(runModule(ROOT));
  });

  it('reads accents right (the script is ASCII with escapes): a French draft lints the same', () => {
    const french = "C'est votre faute, déçu ou pas. Lisez la FAQ avant de râler !!!";
    const viaBin = spawnSync(process.execPath, [join(ROOT, 'bin/replylint.js'), '--format', 'json'], {
      cwd: ROOT,
      input: french,
      encoding: 'utf8',
    });
    const script = `import { main } from ${JSON.stringify(join(ROOT, 'dist/bundle/replylint.js'))}; process.exitCode = await main(['node', 'replylint', '--format', 'json']);`;
    const viaModule = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      input: french,
      encoding: 'utf8',
    });
    expect(JSON.parse(viaBin.stdout).length).toBeGreaterThan(0);
    expect(viaBin.stdout).toBe(viaModule.stdout);
    expect(readFileSync(join(ROOT, 'dist/bundle/replylint.cjs'), 'latin1')).toMatch(/^[\x00-\x7f]*$/);
  });

  it('is not used for a bundle whose bytes differ from the ones it was made from', () => {
    const copy = packageCopy();
    appendFileSync(join(copy, 'dist/bundle/replylint.cjs'), '\n// edited after the build\n');
    const edited = run(copy);
    expect(edited.cache).toBe('none');
    expect(edited).toMatchObject(runModule(ROOT));
  });

  it('runs a bundle edited after the build with its length unchanged, not the copy the cache was made from', () => {
    const copy = packageCopy();
    const file = join(copy, 'dist/bundle/replylint.cjs');
    const text = readFileSync(file, 'latin1');
    expect(text.split('"problem")').length).toBe(2); // the summary line's noun, once
    writeFileSync(file, text.replace('"problem")', '"trouble")'), 'latin1');
    const r = spawnSync(process.execPath, [join(copy, 'bin/replylint.js')], {
      cwd: copy,
      input: DRAFT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', REPLYLINT_DEBUG_CODE_CACHE: '1' },
    });
    expect(/code cache: (\w+)/.exec(r.stderr)?.[1]).toBe('none');
    expect(r.stdout).toMatch(/\d+ troubles/);
  });

  it('is rejected, and the run still right, when V8 cannot use its data', () => {
    const copy = packageCopy();
    const file = join(copy, 'dist/bundle/replylint.cjs.cache');
    const cache = readFileSync(file);
    const dataStart = (4 + cache.readUInt32LE(0) + 7) & ~7; // V8's data starts 8-byte aligned
    cache.fill(7, dataStart, dataStart + 64); // the V8 header: version and checksums
    writeFileSync(file, cache);
    const rejected = run(copy);
    expect(rejected.cache).toBe('rejected');
    expect(rejected).toMatchObject(runModule(ROOT));
  });

  it('keeps the builtins only other commands need unloaded, as the module bundle does', () => {
    const hook = join(mkdtempSync(join(tmpdir(), 'replylint-hook-')), 'hook.mjs');
    writeFileSync(
      hook,
      `const before = new Set(process.moduleLoadList);
      process.on('exit', () => process.stderr.write('LOADED ' + process.moduleLoadList.filter((m) => !before.has(m)).join(',')));`,
    );
    const r = spawnSync(process.execPath, ['--import', hook, join(ROOT, 'bin/replylint.js'), ...ARGS], {
      cwd: ROOT,
      input: DRAFT,
      encoding: 'utf8',
    });
    const loaded = (/LOADED (.*)/.exec(r.stderr)?.[1] ?? '').split(',');
    expect(loaded).toContain('NativeModule vm'); // the list does see what the run loads
    for (const name of ['worker_threads', 'readline', 'crypto', 'child_process', 'os'])
      expect(loaded).not.toContain(`NativeModule ${name}`);
  });
});
