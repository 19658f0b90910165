/**
 * replylint as its users get it: `npm pack`, then a separate package (a help-desk app) that
 * installs the tarball and imports the library, type-checks against its .d.ts, and runs the CLI.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempTree } from './helpers.js';

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
let app = '';
let tarball = '';

beforeAll(() => {
  const out = tempTree({});
  // dist/ is built by `npm test` before the tests run; packing again would only rebuild it.
  npm(['pack', '--ignore-scripts', '--pack-destination', out], ROOT);
  tarball = join(
    out,
    readdirSync(out).find((f) => f.endsWith('.tgz'))!,
  );
  app = join(out, 'helpdesk');
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'helpdesk', version: '1.0.0', private: true, type: 'module' }),
  );
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], app);
}, 240_000);

const node = (file: string) => spawnSync(process.execPath, [file], { cwd: app, encoding: 'utf8', timeout: 60_000 });

describe('the packed package, installed in another project', () => {
  it('exposes the library API: lint, fix, loadRules, format, toneScore', () => {
    writeFileSync(
      join(app, 'draft.mjs'),
      `import { lint, fix, loadRules, format, toneScore, FORMAT_NAMES, LEVELS } from 'replylint';
const findings = await lint('This is your fault. Keep this up and you will be banned.', { inReplyTo: 'My parcel never came!' });
const fixed = await fix('Please reach out to us.');
const report = await format({ diagnostics: findings }, 'json');
console.log(JSON.stringify({
  rules: findings.map((f) => f.rule),
  levels: findings.map((f) => f.level),
  ruleCount: loadRules().length,
  hasDeletionThreat: loadRules().some((r) => r.id === 'deletion-threat' && r.tip === 1),
  formats: FORMAT_NAMES,
  LEVELS,
  fixed: fixed.text,
  reportLength: JSON.parse(report).length,
  polite: await toneScore('Thanks so much for the fix! Could you perhaps add a source when you have a moment?'),
  rude: await toneScore('Why did you even post this? Obviously you never read the docs.'),
}));
`,
    );
    const r = node('draft.mjs');
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.rules).toContain('hostile-tone');
    expect(out.rules).toContain('deletion-threat');
    expect(out.rules).toContain('missing-investigation'); // the message answered is a complaint
    expect(out.hasDeletionThreat).toBe(true);
    expect(out.ruleCount).toBeGreaterThan(10);
    expect(out.formats).toEqual(['stylish', 'json', 'sarif', 'github', 'junit']);
    expect(out.LEVELS).toEqual(['suggestion', 'warning', 'error']);
    expect(out.reportLength).toBe(out.rules.length);
    expect(out.fixed).toBe('Please contact us.');
    // The tone score reads the packed weights (tone and politeness models) and the strategies.
    expect(out.polite.lang).toBe('en');
    expect(out.polite.request).toBeTypeOf('number');
    expect(out.polite.score).toBeLessThan(out.rude.score);
  });

  it('reads the configuration of a path, and rejects a bad one with a RuleFileError', () => {
    // the tone family off, threats (a member) kept, as the README shows: the app's later tests expect them
    writeFileSync(join(app, '.replylintrc.yml'), 'rules:\n  hostile-tone: off\n  deletion-threat: error\n');
    writeFileSync(
      join(app, 'config.mjs'),
      `import { lint, RuleFileError } from 'replylint';
const withConfig = await lint('This is your fault.', { path: 'replies/r.txt' });
const without = await lint('This is your fault.');
let error;
try { await lint('x', { config: 'package.json', path: 'r.txt' }); } catch (e) { error = e instanceof RuleFileError ? 'RuleFileError' : String(e); }
console.log(JSON.stringify({ withConfig: withConfig.map((f) => f.rule), without: without.map((f) => f.rule), error }));
`,
    );
    const out = JSON.parse(node('config.mjs').stdout);
    expect(out.withConfig).not.toContain('hostile-tone');
    expect(out.without).toContain('hostile-tone');
    expect(out.error).toBe('RuleFileError');
  });

  it('ships type declarations a TypeScript app compiles against', () => {
    writeFileSync(
      join(app, 'app.ts'),
      `import { lint, type Diagnostic, type LintOptions } from 'replylint';
const options: LintOptions = { inReplyTo: 'Where is my order?', settings: { brand: { name: 'Acme', voice: 'we' } } };
export async function check(draft: string): Promise<string[]> {
  const findings: Diagnostic[] = await lint(draft, options);
  return findings.map((f) => \`\${f.line}:\${f.column} \${f.rule} \${f.suggestion ?? ''}\`);
}
// @ts-expect-error: a level is one of three words
const wrong: Diagnostic['level'] = 'fatal';
`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ['app.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', app], {
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('runs user rules that stem words and score sentiment (natural, vendored), without natural or recheck installed', () => {
    const rules = join(app, 'team-rules');
    mkdirSync(rules, { recursive: true });
    const examples = (flag: string, pass: string) => ['examples:', `  flag: ["${flag}"]`, `  pass: ["${pass}"]`];
    writeFileSync(
      join(rules, 'refund-word.yml'),
      [
        'id: refund-word',
        'tip: 6',
        'level: warning',
        'type: existence',
        'stem: true',
        'message: "Say when."',
        'words: [refund]',
        ...examples('We are refunding it.', 'We sent it.'),
      ].join('\n'),
    );
    writeFileSync(
      join(rules, 'gloomy.yml'),
      [
        'id: gloomy',
        'tip: 1',
        'level: warning',
        'type: sentiment',
        'threshold: -0.5',
        'min_words: 2',
        'message: "Gloomy."',
        ...examples('You are terrible and awful.', 'Thanks, that is great.'),
      ].join('\n'),
    );
    const r = spawnSync(
      join(app, 'node_modules/.bin/replylint'),
      ['--rules', 'team-rules', '--rule', 'refund-word', '--rule', 'gloomy', '--format', 'json'],
      {
        cwd: app,
        input: 'Your refunds are on the way. You are terrible and awful.',
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    expect(
      JSON.parse(r.stdout)
        .map((d: { rule: string }) => d.rule)
        .sort(),
    ).toEqual(['gloomy', 'refund-word']);
    expect(readdirSync(join(app, 'node_modules'))).not.toContain('natural');
    expect(readdirSync(join(app, 'node_modules'))).not.toContain('recheck');
  });

  it('installs the CLI as a bin', () => {
    const r = spawnSync(join(app, 'node_modules/.bin/replylint'), [], {
      cwd: app,
      input: 'You will be banned.',
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('deletion-threat');
  });
});
