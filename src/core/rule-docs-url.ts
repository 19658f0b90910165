import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { PACKAGE_ROOT } from './package.js';

/**
 * Where a rule's documentation page is read on the web: docs/rules/<id>.md in the repository,
 * at the tag of this version (pages match the rules the user runs). The address comes from
 * package.json's `repository`, the one place to change when the repository moves.
 */
let base: string | undefined;

function docsBase(): string {
  if (base === undefined) {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
      version: string;
      repository?: string | { url: string };
    };
    const url = typeof pkg.repository === 'string' ? pkg.repository : (pkg.repository?.url ?? '');
    const web = url.replace(/^git\+/, '').replace(/\.git$/, '');
    base = `${web}/blob/v${pkg.version}/docs/rules/`;
  }
  return base;
}

export function ruleDocUrl(id: string): string {
  return `${docsBase()}${encodeURIComponent(id)}.md`;
}

/** The repository's web address (SARIF informationUri). */
export function repositoryUrl(): string {
  return docsBase().replace(/\/blob\/.*$/, '');
}

/** A rule from the package's own rules/ folder (only those have a page; a user's rule has its file). */
export function isBuiltinRule(rule: { file: string }): boolean {
  return rule.file.startsWith(join(PACKAGE_ROOT, 'rules') + sep);
}
