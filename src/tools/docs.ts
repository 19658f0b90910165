/** npm run docs: rewrites the README's rules table and docs/rules/ from the rule files. */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltinRules } from '../rules/builtin.js';
import { PACKAGE_ROOT } from '../core/package.js';
import { readmeWithTable, rulesTable } from './rules-table.js';
import { rulePages } from './rule-docs.js';

const path = join(PACKAGE_ROOT, 'README.md');
const rules = loadBuiltinRules().rules;
writeFileSync(path, readmeWithTable(readFileSync(path, 'utf8'), rulesTable(rules)));
console.log('README.md rules table updated');

const dir = join(PACKAGE_ROOT, 'docs', 'rules');
mkdirSync(dir, { recursive: true });
const pages = rulePages(rules);
for (const name of readdirSync(dir)) if (name.endsWith('.md') && !pages.has(name)) rmSync(join(dir, name));
for (const [name, text] of pages) writeFileSync(join(dir, name), text);
console.log(`docs/rules/: ${pages.size - 1} rule pages and the index written`);
