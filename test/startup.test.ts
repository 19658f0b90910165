import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempTree } from './helpers.js';

/** Runs the CLI in-process in a child node; lists the packages and the node builtins it loaded. */
function modulesLoaded(args: string[], input: string): { packages: string[]; builtins: string[] } {
  const script = `
    import { createRequire } from 'node:module';
    const before = new Set(process.moduleLoadList);
    const { main } = await import(${JSON.stringify(join(ROOT, 'dist/bundle/replylint.js'))});
    await main(['node', 'replylint', ...${JSON.stringify(args)}]);
    const files = Object.keys(createRequire(import.meta.url).cache);
    const builtins = process.moduleLoadList.filter((m) => !before.has(m));
    process.stderr.write('\\nLOADED ' + JSON.stringify({ files, builtins }) + '\\n');`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  if (!line) throw new Error(r.stderr);
  const { files, builtins } = JSON.parse(line.slice(7)) as { files: string[]; builtins: string[] };
  return {
    packages: files.flatMap((f) => /node_modules\/([^/]+)\//.exec(f)?.[1] ?? []),
    // 'NativeModule worker_threads' is the public module; internal/... are its parts.
    builtins: builtins.flatMap((m) => /^NativeModule ([a-z_]+)$/.exec(m)?.[1] ?? []),
  };
}

const packagesLoaded = (args: string[], input: string) => modulesLoaded(args, input).packages;

/** The built package in a temporary folder (its dist/rules-cache.bin as built), to edit its rule files. */
function packageCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'replylint-package-'));
  for (const part of ['bin', 'dist', 'models', 'rules', 'signals', 'package.json'])
    cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function editFile(path: string, from: string, to: string): void {
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${path} has no '${from}'`);
  writeFileSync(path, text.replace(from, to));
}

const runCopy = (dir: string, args: string[], input: string) =>
  spawnSync(process.execPath, [join(dir, 'bin/replylint.js'), ...args], {
    cwd: dir,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });

describe('lean start-up', () => {
  it('lints a draft without loading yaml or natural (rules come from the build cache)', () => {
    const loaded = packagesLoaded(['--in-reply-to', 'fixtures/messages/late-flight.txt'], 'This is your fault.');
    expect(loaded).not.toContain('yaml');
    expect(loaded).not.toContain('natural');
    expect(loaded).not.toContain('vscode-languageserver');
  });

  it('lints a draft without loading the node builtins only other commands need', () => {
    // Each of these is imported where it is used (audit, worker pool, commander's subprocesses):
    // a static import anywhere on the draft path would load it here (the next test shows that
    // the list sees them when they are loaded).
    const { builtins } = modulesLoaded(['--in-reply-to', 'fixtures/messages/late-flight.txt'], 'This is your fault.');
    for (const name of ['worker_threads', 'readline', 'crypto', 'child_process', 'os', 'http', 'net'])
      expect(builtins).not.toContain(name);
  });

  it('still loads them when an audit needs them', () => {
    const { builtins } = modulesLoaded(
      ['audit', '--workers', '2', '--no-summary', '-'],
      '{"reply": "This is your fault."}\n',
    );
    expect(builtins).toContain('worker_threads');
  });

  it('shares the cached rule data with the loaded rules, which leave it unchanged', async () => {
    // The build's modules (dist/), where the cache is found; the sources run without it.
    const { cachedRuleData } = (await import(
      join(ROOT, 'dist/rules/rule-cache.js')
    )) as typeof import('../src/rules/rule-cache.js');
    const { parseYaml } = (await import(join(ROOT, 'dist/core/yaml.js'))) as typeof import('../src/core/yaml.js');
    const { loadBuiltinRules } = (await import(
      join(ROOT, 'dist/rules/builtin.js')
    )) as typeof import('../src/rules/builtin.js');
    const { lintText } = (await import(join(ROOT, 'dist/lint.js'))) as typeof import('../src/lint.js');
    const contents = ['rules', 'signals'].flatMap((dir) =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.yml'))
        .map((f) => readFileSync(join(ROOT, dir, f))),
    );
    const before = contents.map((bytes) => JSON.stringify(cachedRuleData(bytes)));
    expect(before).toEqual(contents.map((bytes) => JSON.stringify(parseYaml(bytes.toString('utf8')).doc.toJS())));
    const ruleSet = loadBuiltinRules();
    for (const rule of ruleSet.rules) {
      for (const example of [...rule.examples.flag, ...rule.examples.pass]) {
        await lintText(
          {
            name: 'x',
            text: example.reply,
            lang: rule.lang,
            inReplyTo: example.in_reply_to,
            settings: example.settings,
            timing: example.timing,
          },
          ruleSet,
        );
      }
    }
    expect(contents.map((bytes) => JSON.stringify(cachedRuleData(bytes)))).toEqual(before);
  });

  it('compiles a built-in rule only for the language of the reply, at its first use', async () => {
    const { RULE_TYPES } = (await import(
      join(ROOT, 'dist/engine/registry.js')
    )) as typeof import('../src/engine/registry.js');
    const { loadBuiltinRules } = (await import(
      join(ROOT, 'dist/rules/builtin.js')
    )) as typeof import('../src/rules/builtin.js');
    const { lintText } = (await import(join(ROOT, 'dist/lint.js'))) as typeof import('../src/lint.js');
    const compiledFor: string[] = [];
    // Either kind: compile is wrapped the same way, whatever it returns.
    type Compile = (
      reader: import('../src/core/fields.js').FieldReader,
      env: import('../src/engine/rule.js').CompileEnv,
    ) => never;
    const originals = [...RULE_TYPES.values()].map((type) => [type, type.compile as Compile] as const);
    for (const [type, compile] of originals) {
      type.compile = ((reader, env) => (compiledFor.push(env.lang), compile.call(type, reader, env))) as Compile;
    }
    try {
      const ruleSet = loadBuiltinRules();
      expect(compiledFor).toEqual([]);
      const diagnostics = await lintText(
        { name: 'x', text: "C'est de votre faute, lisez la FAQ avant de vous plaindre !!!" },
        ruleSet,
      );
      expect(diagnostics.map((d) => d.rule)).toContain('hostile-tone');
      expect(compiledFor).toContain('fr');
      expect(compiledFor).not.toContain('en');
    } finally {
      for (const [type, compile] of originals) type.compile = compile;
    }
  });

  it('loads the same rules, metadata and examples, lazily as eagerly', async () => {
    const { loadRuleSet } = (await import(join(ROOT, 'dist/rules/load.js'))) as typeof import('../src/rules/load.js');
    // JSON leaves out the checks (functions) and reads the examples through their getter.
    const loaded = (lazy: boolean) => JSON.stringify(loadRuleSet({ builtinRoot: ROOT, lazy }).rules);
    expect(loaded(true)).toEqual(loaded(false));
  });

  it('reads a built-in rule edited after the build again, never the cached copy', () => {
    const dir = packageCopy();
    editFile(join(dir, 'rules/en/exclamation-overload.yml'), 'reads as a raised voice.', 'sounds like shouting.');
    const r = runCopy(dir, ['--format', 'json'], 'We fixed it!!!');
    expect((JSON.parse(r.stdout) as { message: string }[]).map((d) => d.message)).toContain(
      "'!!!' sounds like shouting.",
    );
  });

  it('serves nothing from a damaged rule cache, and lints as a run without one', () => {
    const dir = packageCopy();
    const cache = join(dir, 'dist/rules-cache.bin');
    const bytes = readFileSync(cache);
    writeFileSync(cache, bytes.subarray(0, bytes.length - 1000)); // the last file's copy cut short
    const draft = 'This is your fault, read the FAQ!!!';
    const damaged = runCopy(dir, ['--format', 'json'], draft);
    const intact = spawnSync(process.execPath, [join(ROOT, 'bin/replylint.js'), '--format', 'json'], {
      cwd: dir,
      input: draft,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(damaged.stderr).toBe('');
    expect(damaged.status).toBe(intact.status);
    expect(JSON.parse(damaged.stdout)).toEqual(JSON.parse(intact.stdout));
  });

  it('validates a built-in rule edited after the build before reading the reply', () => {
    const dir = packageCopy();
    editFile(join(dir, 'rules/fr/hostile-tone.yml'), 'type: ', 'typo: x\ntype: ');
    // An English reply: the French rules are not needed to lint it, yet the error is reported.
    const r = runCopy(dir, [], 'Hello.');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/rules\/fr\/hostile-tone\.yml:\d+:\d+: field 'typo'/);
  });

  it('compiles the rules eagerly where a signal was edited after the build', () => {
    // Renaming a signal breaks the English rules that include it with @investigation; a French
    // reply needs no English rule, yet the error is reported.
    const dir = packageCopy();
    editFile(join(dir, 'signals/en/investigation.yml'), 'signal: investigation', 'signal: inquiry');
    const r = runCopy(dir, [], 'Bonjour.');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/rules\/en\/[a-z-]+\.yml:\d+:\d+: .*investigation/);
  });

  it('ships in the package every file a run reads (npx replylint)', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    for (const file of [
      'bin/replylint.js',
      'bin/package.json',
      'dist/bundle/replylint.cjs',
      'dist/bundle/replylint.cjs.cache',
      'dist/bundle/replylint.js',
      'dist/rules-cache.bin',
      'dist/pattern-anchors.en.txt',
      'dist/pattern-anchors.fr.txt',
      'dist/audit/worker.js',
    ])
      expect(files).toContain(file);
    for (const dir of ['rules', 'signals']) {
      const yaml = readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).filter((f) =>
        f.endsWith('.yml'),
      );
      for (const file of yaml) expect(files).toContain(`${dir}/${file}`);
    }
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
