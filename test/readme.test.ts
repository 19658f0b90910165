import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltinRules } from '../src/rules/builtin.js';
import { readmeWithTable, rulesTable } from '../src/tools/rules-table.js';
import { ROOT } from './helpers.js';

describe('README', () => {
  it('lists every rule (run `npm run docs` when this fails)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toBe(readmeWithTable(readme, rulesTable(loadBuiltinRules().rules)));
  });
});
