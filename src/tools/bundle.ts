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
import { build, type Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../rules/builtin.js';

const BUNDLED = ['chalk', 'commander'];
const { dependencies } = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

const lazyChildProcess: Plugin = {
  name: 'lazy-child-process',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy' } : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: { replylint: join(PACKAGE_ROOT, 'src/cli/main.ts') },
  outdir: join(PACKAGE_ROOT, 'dist/bundle'),
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  supported: { 'regexp-unicode-property-escapes': true },
  external: Object.keys(dependencies).filter((name) => !BUNDLED.includes(name)),
  // commander is CommonJS: its require() calls need a require in an ES module.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  plugins: [lazyChildProcess],
  logLevel: 'warning',
});
