/**
 * Build step (npm run bundle): the CLI as a few ESM files in dist/bundle/ (esbuild).
 *  - chalk and commander are bundled in: resolving a package from node_modules costs a few ms
 *    of start-up each, and the draft path needs both;
 *  - every other dependency stays external (natural, yaml, Markdown, picomatch, recheck, diff:
 *    each is loaded at first use, by a path the run may never take);
 *  - code splitting: a module imported dynamically (a report format, the audit's worker pool)
 *    becomes its own chunk, so the node builtins it imports load only when it does;
 *  - commander requires child_process (and with it net and dgram) at load, for subcommands
 *    that are separate executables, which replylint has none of: it gets it on first use.
 */
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../core/package.js';

const BUNDLED = ['chalk', 'commander'];
const { dependencies, peerDependencies } = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

const lazyChildProcess: Plugin = {
  name: 'lazy-child-process',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'child_process', namespace: 'lazy' }
        : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

// Optional peers (recheck) are loaded from the user's install, when there.
const EXTERNAL = [...Object.keys(dependencies), ...Object.keys(peerDependencies ?? {})].filter(
  (name) => !BUNDLED.includes(name),
);
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * For the CommonJS script: a dynamic import of a package or builtin becomes a require() made on
 * first import. A script compiled from a code cache loses V8's dynamic-import callback, and
 * vm's replacement is still experimental (it warns on stderr); require() of an ES module is
 * plain Node from 20.19 (bin/ checks process.features.require_module).
 */
const requireOnFirstImport: Plugin = {
  name: 'require-on-first-import',
  setup(esbuild) {
    esbuild.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' && (args.path.startsWith('node:') || EXTERNAL.includes(packageOf(args.path)))
        ? { path: args.path, namespace: 'lazy-require' }
        : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'lazy-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/**
 * For the CommonJS script: `createRequire(import.meta.url)`, which several modules call when
 * they load (to require a package on first use), is the bundle's own `require` (bin/ passes one
 * made for this very file): making a new one each time cost about a millisecond of every
 * pre-send run. Any other address still gets a require of its own.
 */
const bundleRequire: Plugin = {
  name: 'bundle-require',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^node:module$/ }, (args) =>
      /[\\/]src[\\/]/.test(args.importer) ? { path: 'node:module', namespace: 'bundle-require' } : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'bundle-require' }, () => ({
      contents:
        "module.exports = { createRequire: (url) => (url === __bundle_url ? require : require('node:module').createRequire(url)) };",
      loader: 'js',
    }));
  },
};

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  supported: { 'regexp-unicode-property-escapes': true },
  external: EXTERNAL,
  plugins: [lazyChildProcess],
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: { replylint: join(PACKAGE_ROOT, 'src/cli/main.ts') },
  outdir: join(PACKAGE_ROOT, 'dist/bundle'),
  splitting: true,
  format: 'esm',
  // commander is CommonJS: its require() calls need a require in an ES module.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});

/**
 * The same CLI as one CommonJS script, for bin/replylint.js: a script (unlike an ES module) can
 * be compiled with V8's code cache (dist/bundle/replylint.cjs.cache, see src/tools/code-cache.ts),
 * which spares a pre-send run compiling our own functions. Modules imported dynamically stay
 * lazy: esbuild initialises them on first import. bin/ passes import.meta.url in.
 */
await build({
  ...common,
  entryPoints: [join(PACKAGE_ROOT, 'src/cli/main.ts')],
  outfile: join(PACKAGE_ROOT, 'dist/bundle/replylint.cjs'),
  format: 'cjs',
  define: { 'import.meta.url': '__bundle_url' },
  plugins: [lazyChildProcess, requireOnFirstImport, bundleRequire],
  // The file is the function bin/ calls (no copy of 300 KB to wrap it at every start), in ASCII
  // (escapes, not accents: V8 then keeps the source one byte a character, half the memory).
  banner: { js: '(function (exports, require, module, __filename, __dirname, __bundle_url) {' },
  footer: { js: '})' },
  charset: 'ascii',
  // Without whitespace and comments (names kept: a REPLYLINT_DEBUG stack still names its
  // functions): 540 -> 370 KB. The script is read and made a string at every start, and its
  // copy is in the code cache: some 100 page faults less (session 9, counted with perf stat).
  minifyWhitespace: true,
});
// esbuild leaves accents in regular expression literals and comments: \uXXXX means the same
// character there (and in strings, templates and names), so the file becomes pure ASCII.
const script = join(PACKAGE_ROOT, 'dist/bundle/replylint.cjs');
writeFileSync(
  script,
  readFileSync(script, 'utf8').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
);
