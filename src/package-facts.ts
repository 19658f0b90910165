import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './rules/builtin.js';

/** What package.json says about replylint, read once and only when asked (not on a pre-send run). */
interface PackageFacts {
  version: string;
  homepage?: string;
}

let facts: PackageFacts | undefined;

function packageFacts(): PackageFacts {
  facts ??= JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as PackageFacts;
  return facts;
}

export function packageVersion(): string {
  return packageFacts().version;
}
