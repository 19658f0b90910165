import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../src/rules/builtin.js';
import { rulePages } from '../src/tools/rule-docs.js';
import { cli, inconvenienceRule, ROOT, tempTree } from './helpers.js';

const DOCS = join(ROOT, 'docs', 'rules');
const pageOf = (url: string) => join(ROOT, url.replace(/^.*\/blob\/v[^/]+\//, ''));

describe('rule documentation (docs/rules/)', () => {
  it('is generated from the rule files and up to date (run `npm run docs` when this fails)', () => {
    const pages = rulePages(loadBuiltinRules().rules);
    expect(
      readdirSync(DOCS)
        .filter((f) => f.endsWith('.md'))
        .sort(),
    ).toEqual([...pages.keys()].sort());
    for (const [name, text] of pages) expect(readFileSync(join(DOCS, name), 'utf8'), name).toBe(text);
  });

  it('has one page per rule with its description, why, examples of every language and configuration', () => {
    const page = readFileSync(join(DOCS, 'corporate-jargon.md'), 'utf8');
    for (const part of [
      '# corporate-jargon',
      '## Why it matters',
      '## What to do instead',
      '## Examples (English)',
      '## Examples (French)',
      '## Configuration',
      'corporate-jargon: error',
    ]) {
      expect(page).toContain(part);
    }
    expect(readFileSync(join(DOCS, 'slow-response.md'), 'utf8')).toContain('## What it reads');
  });

  it('is linked from SARIF (helpUri, one existing page per rule) and from explain', () => {
    const log = JSON.parse(cli(['-f', 'sarif'], { input: 'YOU ARE WRONG. This is your fault.' }).stdout);
    const rules = log.runs[0].tool.driver.rules as { id: string; helpUri?: string }[];
    expect(rules.length).toBeGreaterThan(10);
    for (const rule of rules) {
      expect(rule.helpUri).toMatch(new RegExp(`/docs/rules/${rule.id}\\.md$`));
      expect(existsSync(pageOf(rule.helpUri!)), rule.helpUri).toBe(true);
    }
    expect(log.runs[0].tool.driver.informationUri).toMatch(/^https:\/\//);
    const explain = cli(['explain', 'deletion-threat']).stdout;
    const url = /Documentation: (\S+)/.exec(explain)?.[1];
    expect(url).toMatch(/\/docs\/rules\/deletion-threat\.md$/);
    expect(existsSync(pageOf(url!))).toBe(true);
  });

  it('gives a user rule no page link (it has its own file)', () => {
    const dir = tempTree({ 'rules/sorry-words.yml': inconvenienceRule('sorry-words') });
    const log = JSON.parse(
      cli(['-f', 'sarif', '--rules', join(dir, 'rules'), '--rule', 'sorry-words'], {
        input: 'Sorry for any inconvenience.',
      }).stdout,
    );
    expect(log.runs[0].tool.driver.rules[0]).toMatchObject({ id: 'sorry-words' });
    expect(log.runs[0].tool.driver.rules[0].helpUri).toBeUndefined();
    expect(cli(['explain', 'sorry-words', '--rules', join(dir, 'rules')]).stdout).toContain('Defined in: ');
  });
});
