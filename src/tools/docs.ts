/** npm run docs: rewrites the README's rules table from the rule files. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltinRules } from '../rules/builtin.js';
import { PACKAGE_ROOT } from '../core/package.js';
import { readmeWithTable, rulesTable } from './rules-table.js';

const path = join(PACKAGE_ROOT, 'README.md');
writeFileSync(path, readmeWithTable(readFileSync(path, 'utf8'), rulesTable(loadBuiltinRules().rules)));
console.log('README.md rules table updated');
