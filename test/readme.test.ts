import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadBuiltinRules } from '../src/rules/builtin.js';
import { readmeWithTable, rulesTable } from '../src/tools/rules-table.js';
import { ROOT } from './helpers.js';

/**
 * The relative Markdown links of a file (`[text](path)` or `[text](path#anchor)`), without web
 * addresses or bare anchors; code (fenced or inline) is not prose, so its brackets are no links.
 */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0]!);
}

describe('README', () => {
  it('lists every rule (run `npm run docs` when this fails)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toBe(readmeWithTable(readme, rulesTable(loadBuiltinRules().rules)));
  });

  it('links to the pages in docs/ that hold development, speed, quality and the tips', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const page of [
      'docs/development.md',
      'docs/speed.md',
      'docs/quality.md',
      'docs/tips.md',
      'docs/tone-model.md',
    ]) {
      expect(relativeLinks(readme)).toContain(page);
    }
  });

  it('has no relative link, in the README or in docs/, to a file that does not exist', () => {
    const pages = [
      'README.md',
      'docs/development.md',
      'docs/speed.md',
      'docs/quality.md',
      'docs/tips.md',
      'docs/tone-model.md',
    ];
    const broken = pages.flatMap((page) =>
      relativeLinks(readFileSync(join(ROOT, page), 'utf8'))
        .filter((target) => !existsSync(join(ROOT, dirname(page), target)))
        .map((target) => `${page} -> ${target}`),
    );
    expect(broken).toEqual([]);
  });
});
