/**
 * Build step (npm run bundle:browser [-- --outdir DIR]): replylint for web pages, one file, no
 * server. esbuild bundles src/browser/index.ts for the browser (platform browser, minified) as
 *  - dist/web/replylint.js: an ES module (`import { lint } from 'replylint/browser'`; its types
 *    are tsc's dist/browser/index.d.ts);
 *  - dist/web/replylint.iife.js: a classic script that defines the global `replylint`.
 * The built-in rules are precompiled into it: each YAML file's data (without its examples),
 * validated here with the whole pack (as the CLI's build does), replaces
 * src/browser/pack-data.ts; their checks are compiled in the page at first use. Node built-ins are not available in a browser: each one a
 * module of the lint path imports (for the CLI's file reading) becomes a stub that throws if
 * called, so a call on the lint path fails loudly (test/browser.test.ts runs the bundle with no
 * require, process or Buffer). Prints each file's size, raw and gzipped.
 * Trained models: their weight files (models/<name>-<lang>.bin) go into the pack too
 * (PACK.models, base64), since a page has no file to read; a model loader used by a rule must
 * take them from there in the browser build (about 1 MB a language, see the README).
 */
import { build, type Plugin } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BuiltPack, PackFile } from '../browser/pack-data.js';
import { PACKAGE_ROOT } from '../core/package.js';
import { parseYaml } from '../core/yaml.js';
import { LANGS } from '../lang/detect.js';
import { loadRuleSet } from '../rules/load.js';

const args = process.argv.slice(2);
const OUTDIR = args.includes('--outdir')
  ? resolve(args[args.indexOf('--outdir') + 1]!)
  : join(PACKAGE_ROOT, 'dist', 'web');
/** --no-minify: readable output, to find where a page fails. */
const MINIFY = !args.includes('--no-minify');

/** The names the lint path's modules import from each built-in (a new one fails the build: add it here). */
const NODE_EXPORTS: Record<string, string[]> = {
  fs: [
    'readFileSync',
    'writeFileSync',
    'readdirSync',
    'statSync',
    'existsSync',
    'openSync',
    'closeSync',
    'fstatSync',
    'readSync',
    'writeSync',
    'renameSync',
    'rmSync',
    'fsyncSync',
    'realpathSync',
    'createReadStream',
    'mkdirSync',
    'lstatSync',
    'fchmodSync',
    'fchownSync',
    'appendFileSync',
  ],
  path: ['join', 'dirname', 'basename', 'extname', 'resolve', 'relative', 'isAbsolute'],
  module: [],
  buffer: ['isUtf8'],
  url: ['fileURLToPath', 'pathToFileURL'],
};

function stubSource(name: string): string {
  const fail = (what: string) =>
    `throw new Error(${JSON.stringify(`replylint (browser build): node:${name} ${what} is not available in a browser`)})`;
  const functions = (NODE_EXPORTS[name] ?? []).map((f) => `export function ${f}() { ${fail(f)}; }`);
  // createRequire is called when a module loads (for packages it requires on first use): the require it returns throws.
  if (name === 'module')
    functions.push(
      `export function createRequire() { return (id) => { ${fail('require()').replace('require()', "require(' + id + ')")}; }; }`,
    );
  if (name === 'path') functions.push("export const sep = '/';");
  if (name === 'fs') functions.push('export const constants = {};'); // read at call time (open flags)
  return functions.join('\n');
}

const nodeStubs: Plugin = {
  name: 'node-stubs',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^node:/ }, (a) => ({ path: a.path.slice(5), namespace: 'node-stub' }));
    esbuild.onLoad({ filter: /.*/, namespace: 'node-stub' }, (a) => {
      if (!(a.path in NODE_EXPORTS))
        return {
          errors: [
            {
              text: `node:${a.path} is imported on the browser build's path: keep it off the lint path, or stub it in src/tools/bundle-browser.ts`,
            },
          ],
        };
      return { contents: stubSource(a.path), loader: 'js' };
    });
  },
};

function packFiles(dir: 'rules' | 'signals'): PackFile[] {
  return LANGS.flatMap((lang) =>
    readdirSync(join(PACKAGE_ROOT, dir, lang))
      .filter((f) => /\.ya?ml$/i.test(f))
      .sort()
      .map((f) => ({
        file: `${dir}/${lang}/${f}`,
        lang,
        data: withoutExamples(
          parseYaml(readFileSync(join(PACKAGE_ROOT, dir, lang, f), 'utf8')).doc.toJS() as Record<string, unknown>,
        ),
      })),
  );
}

/** A page lints; it does not run the rules' examples (the tests do): they were two fifths of the pack. */
function withoutExamples(data: Record<string, unknown>): Record<string, unknown> {
  const { examples: _examples, ...rest } = data;
  return rest;
}

// The pack must load as a whole (every rule compiled) before its data is trusted without checks.
loadRuleSet({ builtinRoot: PACKAGE_ROOT });
const pack: BuiltPack = { signals: packFiles('signals'), rules: packFiles('rules'), models: packModels() };

/**
 * The trained models' weights (models/*.bin). Left out until the model loader reads them from the
 * pack: the browser build's model-backed rules run on their patterns alone (modelsAvailable() is
 * false there), and the four weight files would be some 0.7 MB gzipped of dead weight, seven times
 * the rest of the build. Set REPLYLINT_BROWSER_MODELS=1 to pack them and measure the cost.
 */
function packModels(): BuiltPack['models'] {
  const dir = join(PACKAGE_ROOT, 'models');
  if (process.env.REPLYLINT_BROWSER_MODELS !== '1' || !existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^[a-z0-9-]+-[a-z]{2}\.bin$/.test(f))
    .sort()
    .map((f) => {
      const [, name, lang] = /^(.+)-([a-z]{2})\.bin$/.exec(f)!;
      return { name: name!, lang: lang!, base64: readFileSync(join(dir, f)).toString('base64') };
    });
}

const precompiledPack: Plugin = {
  name: 'precompiled-pack',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]src[\\/]browser[\\/]pack-data\.ts$/ }, () => ({
      contents: `export const PACK = ${JSON.stringify(pack)};`,
      loader: 'js',
    }));
  },
};

mkdirSync(OUTDIR, { recursive: true });
const outputs = [
  { file: 'replylint.js', format: 'esm' as const },
  { file: 'replylint.iife.js', format: 'iife' as const },
];
for (const { file, format } of outputs) {
  await build({
    entryPoints: [join(PACKAGE_ROOT, 'src/browser/index.ts')],
    outfile: join(OUTDIR, file),
    bundle: true,
    platform: 'browser',
    format,
    globalName: format === 'iife' ? 'replylint' : undefined,
    target: 'es2022',
    minify: MINIFY,
    // Only the CLI's file-reading modules ask where they are; in a page they never read a file.
    define: { 'import.meta.url': '"file:///replylint/browser/replylint.js"' },
    plugins: [nodeStubs, precompiledPack],
    logLevel: 'warning',
  });
  const bytes = readFileSync(join(OUTDIR, file));
  process.stdout.write(
    `${join(OUTDIR, file)}: ${(bytes.length / 1024).toFixed(0)} KB, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(0)} KB gzipped (${pack.rules.length} rule files, ${pack.signals.length} signal files, ${pack.models.length} models)\n`,
  );
}
