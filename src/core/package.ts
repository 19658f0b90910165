import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root: the built-in rules/ and signals/ folders and package.json live beside dist/.
 * Two levels up from dist/core/ (a module) and from dist/bundle/ (the bundled CLI) alike.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

let version: string | undefined;

/** The version in package.json, read on first use (a pre-send run that never asks pays nothing). */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
