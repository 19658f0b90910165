import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './package.js';

/** Third-party code bundled at build time into dist/vendor/ (src/tools/vendor.ts). */
export const VENDOR_DIR = join('dist', 'vendor');
export const VENDORED = { stemmers: 'natural-stemmers.cjs', sentiment: 'natural-sentiment.cjs' } as const;

const require = createRequire(import.meta.url);

/** Loads a vendored module on first use (by absolute path: the same from dist/ and from the CLI bundle). */
export function requireVendored<T>(name: keyof typeof VENDORED): T {
  return require(join(PACKAGE_ROOT, VENDOR_DIR, VENDORED[name])) as T;
}
