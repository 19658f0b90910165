import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { FieldReader } from '../src/core/fields.js';
import { parseYaml } from '../src/core/yaml.js';
import { RULE_TYPES } from '../src/engine/registry.js';
import {
  readmeWithTypesTable,
  ruleSchema,
  ruleSchemaText,
  ruleTypesPage,
  ruleTypesTable,
  SCHEMA_PATH,
  TYPES_PAGE,
} from '../src/tools/rule-types.js';
import { ROOT } from './helpers.js';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('rule types: declared fields, and what is generated from them (run `npm run docs` when this fails)', () => {
  it("the README's type table", () => {
    const readme = read('README.md');
    expect(readme).toBe(readmeWithTypesTable(readme, ruleTypesTable()));
  });

  it(`${TYPES_PAGE} and ${SCHEMA_PATH}`, () => {
    expect(read(TYPES_PAGE)).toBe(ruleTypesPage());
    expect(read(SCHEMA_PATH)).toBe(ruleSchemaText());
  });

  it('every type declares what it flags and its fields, each field once, with a doc', () => {
    for (const type of RULE_TYPES.values()) {
      expect(type.doc, type.name).not.toBe('');
      const names = type.fields.map((f) => f.name);
      expect(new Set(names).size, type.name).toBe(names.length);
      for (const field of type.fields) expect(field.doc, `${type.name}.${field.name}`).not.toBe('');
    }
  });

  it('a type that reads a field it did not declare is a programming error, not a user error', () => {
    const reader = new FieldReader('x.yml', () => parseYaml('a: 1'), { a: 1 }).declaring('some-type', [
      { name: 'b', type: 'number', default: 2, doc: 'B.' },
    ]);
    expect(reader.number('b')).toBe(2);
    expect(() => reader.number('a')).toThrow("rule type 'some-type' reads the field 'a' without declaring it");
  });
});

describe('the JSON Schema of rule files', () => {
  const validate = new Ajv({ allErrors: true }).compile(ruleSchema());
  const ruleFiles = ['en', 'fr'].flatMap((lang) =>
    readdirSync(join(ROOT, 'rules', lang)).map((f) => join('rules', lang, f)),
  );
  const base = 'id: x\ntip: 1\ntype: existence\nmessage: "m"\npatterns: [a]\nexamples: {flag: [a], pass: [b]}\n';

  it.each(ruleFiles)('accepts the built-in %s', (file) => {
    const valid = validate(parse(read(file)));
    expect(validate.errors ?? [], file).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects a field the type does not have, a value out of bounds, a missing required field', () => {
    expect(validate(parse(base))).toBe(true);
    expect(validate(parse(`${base}threshold: 0.5\n`))).toBe(false); // a field of another type
    expect(validate(parse(base.replace('tip: 1', 'tip: 11')))).toBe(false);
    expect(validate(parse(base.replace('message: "m"\n', '')))).toBe(false);
    expect(validate(parse(base.replace('type: existence', 'type: requires')))).toBe(false); // requires needs `any`
    expect(
      validate(
        parse(
          base.replace(
            'type: existence\nmessage: "m"\npatterns: [a]',
            'type: canned-duplicate\nmessage: "m"\ncompare: some',
          ),
        ),
      ),
    ).toBe(false);
  });
});
