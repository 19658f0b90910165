/**
 * npm run docs: rewrites the README's rules and rule-types tables, docs/rules/ from the rule
 * files, and docs/rule-types.md and the rule files' JSON Schema from the rule types' fields.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltinRules } from '../rules/builtin.js';
import { PACKAGE_ROOT } from '../core/package.js';
import { readmeWithTable, rulesTable } from './rules-table.js';
import { rulePages } from './rule-docs.js';
import {
  readmeWithTypesTable,
  ruleSchemaText,
  ruleTypesPage,
  ruleTypesTable,
  SCHEMA_PATH,
  TYPES_PAGE,
} from './rule-types.js';

const path = join(PACKAGE_ROOT, 'README.md');
const rules = loadBuiltinRules().rules;
writeFileSync(
  path,
  readmeWithTypesTable(readmeWithTable(readFileSync(path, 'utf8'), rulesTable(rules)), ruleTypesTable()),
);
console.log('README.md rules and rule-types tables updated');
mkdirSync(join(PACKAGE_ROOT, 'schema'), { recursive: true });
writeFileSync(join(PACKAGE_ROOT, SCHEMA_PATH), ruleSchemaText());
writeFileSync(join(PACKAGE_ROOT, TYPES_PAGE), ruleTypesPage());
console.log(`${SCHEMA_PATH} and ${TYPES_PAGE} written`);

const dir = join(PACKAGE_ROOT, 'docs', 'rules');
mkdirSync(dir, { recursive: true });
const pages = rulePages(rules);
for (const name of readdirSync(dir)) if (name.endsWith('.md') && !pages.has(name)) rmSync(join(dir, name));
for (const [name, text] of pages) writeFileSync(join(dir, name), text);
console.log(`docs/rules/: ${pages.size - 1} rule pages and the index written`);
