/** npm run docs: rewrites the README's rules and rule-types tables, and the rule files' JSON Schema. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltinRules } from '../rules/builtin.js';
import { PACKAGE_ROOT } from '../core/package.js';
import { readmeWithTable, rulesTable } from './rules-table.js';
import { readmeWithTypesTable, ruleSchemaText, ruleTypesPage, ruleTypesTable, SCHEMA_PATH, TYPES_PAGE } from './rule-types.js';

const path = join(PACKAGE_ROOT, 'README.md');
writeFileSync(path, readmeWithTypesTable(readmeWithTable(readFileSync(path, 'utf8'), rulesTable(loadBuiltinRules().rules)), ruleTypesTable()));
mkdirSync(join(PACKAGE_ROOT, 'schema'), { recursive: true });
writeFileSync(join(PACKAGE_ROOT, SCHEMA_PATH), ruleSchemaText());
writeFileSync(join(PACKAGE_ROOT, TYPES_PAGE), ruleTypesPage());
console.log(`README.md rules and rule-types tables, ${SCHEMA_PATH} and ${TYPES_PAGE} updated`);
