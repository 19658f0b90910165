import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { yamlModule } from '../core/yaml.js';
import { LEVELS, type Level } from '../diagnostics.js';
import type { Settings } from '../engine/rule.js';
import { isLang, LANGS, type Lang } from '../lang/detect.js';
import { RuleFileError } from '../core/errors.js';
import { FieldReader } from '../core/fields.js';

export type RuleSetting = Level | 'off';

/** One `rules:` entry, with its place in the file: a name is checked once the rules are loaded. */
export interface RuleEntry {
  name: string;
  setting: RuleSetting;
  where: { file: string; line: number; column: number; field: string };
}

/** Settings that a file, an `extends` base or an `overrides` block can set. */
export interface SettingsLayer {
  rules: RuleEntry[];
  brand?: NonNullable<Settings['brand']>;
  responseTargetMinutes?: number;
  vocabulary?: string[];
  mode?: NonNullable<Settings['mode']>;
  lang?: Lang;
  lintQuotedText?: boolean;
}

export interface Override {
  files: string[];
  settings: SettingsLayer;
}

/** One configuration file as written, its `extends` base read recursively. */
export interface ConfigFile {
  file: string;
  base?: ConfigFile;
  settings: SettingsLayer;
  /** Absolute paths (written relative to the file). */
  rulesDirs: string[];
  ignore: string[];
  overrides: Override[];
}

const SETTING_KEYS = ['rules', 'brand', 'responseTargetMinutes', 'vocabulary', 'mode', 'lang', 'lintQuotedText'];
const RULE_SETTINGS: readonly RuleSetting[] = ['off', ...LEVELS];

/** Reads and validates a configuration file; every error names file, line, column and field. */
export function readConfigFile(file: string, seen: string[] = []): ConfigFile {
  const path = resolve(file);
  const reader = openConfig(path);
  const baseRef = reader.optionalString('extends');
  const base = baseRef === undefined ? undefined : readBase(reader, resolve(dirname(path), baseRef), [...seen, path]);
  const config: ConfigFile = {
    file: path,
    base,
    settings: readSettings(reader),
    rulesDirs: reader.stringList('rulesDirs').map((dir) => resolve(dirname(path), dir)),
    ignore: reader.stringList('ignore'),
    overrides: readOverrides(reader),
  };
  reader.assertNoUnknownFields();
  return config;
}

function readBase(reader: FieldReader, path: string, seen: string[]): ConfigFile {
  if (seen.includes(path)) reader.fail('extends', `circular: ${[...seen, path].join(' → ')}`);
  try {
    return readConfigFile(path, seen);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') reader.fail('extends', `file not found: ${path}`);
    throw error;
  }
}

/** YAML, JSON (a YAML subset, so positions come for free) or package.json's `replylint` key. */
function openConfig(path: string): FieldReader {
  // yaml is loaded only when there is a configuration to read: a draft without one starts lean.
  const { isMap, LineCounter, parseDocument } = yamlModule();
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter: lines, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const { line, col } = lines.linePos(first.pos[0]);
    throw new RuleFileError(path, line, col, undefined, `not valid YAML/JSON: ${first.message.split('\n')[0]}`);
  }
  if (doc.contents === null) return new FieldReader(path, () => ({ doc, lines }), {});
  if (!isMap(doc.contents)) throw new RuleFileError(path, 1, 1, undefined, 'a configuration file must be a map of settings');
  const data = doc.toJS() as Record<string, unknown>;
  const root: FieldReader = new FieldReader(path, () => ({ doc, lines }), data);
  if (!path.endsWith('package.json')) return root;
  const own = data.replylint;
  if (!isPlainMap(own)) root.fail('replylint', 'must be a map of settings');
  return root.child('replylint', own);
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readSettings(reader: FieldReader): SettingsLayer {
  return {
    rules: readRules(reader),
    brand: optional(reader, 'brand', () => readBrand(reader)),
    responseTargetMinutes: optional(reader, 'responseTargetMinutes', () => reader.number('responseTargetMinutes', 0, { min: 1 })),
    vocabulary: optional(reader, 'vocabulary', () => reader.stringList('vocabulary')),
    mode: optional(reader, 'mode', () => reader.oneOf('mode', ['draft', 'template'] as const)),
    lang: optional(reader, 'lang', () => reader.oneOf('lang', LANGS)),
    lintQuotedText: optional(reader, 'lintQuotedText', () => reader.boolean('lintQuotedText', false)),
  };
}

/** A field that may be absent (or null): read it if present, and mark it known either way. */
function optional<T>(reader: FieldReader, field: string, read: () => T): T | undefined {
  if (reader.has(field)) return read();
  reader.raw(field);
  return undefined;
}

function readBrand(reader: FieldReader): NonNullable<Settings['brand']> {
  const value = reader.raw('brand');
  if (!isPlainMap(value)) reader.fail('brand', 'must be a map: name, handles, voice');
  const brand = reader.child('brand', value);
  const result: NonNullable<Settings['brand']> = {};
  const name = brand.optionalString('name');
  if (name !== undefined) result.name = name;
  const handles = optional(brand, 'handles', () => brand.stringList('handles'));
  if (handles) result.handles = handles;
  const voice = optional(brand, 'voice', () => brand.oneOf('voice', ['we', 'I'] as const));
  if (voice) result.voice = voice;
  brand.assertNoUnknownFields();
  return result;
}

/** `rules: {id-or-family: off | level | {level}}`; names are checked later, against the loaded rules. */
function readRules(reader: FieldReader): RuleEntry[] {
  const value = reader.raw('rules');
  if (value === undefined || value === null) return [];
  if (!isPlainMap(value)) reader.fail('rules', 'must be a map of rule id or family → off | suggestion | warning | error');
  const rules = reader.child('rules', value);
  return Object.keys(value).map((name) => {
    const raw = rules.raw(name);
    const setting = isPlainMap(raw) ? readRuleMap(rules, name, raw) : rules.oneOf(name, RULE_SETTINGS);
    return { name, setting, where: { file: rules.file, ...rules.where(name) } };
  });
}

function readRuleMap(rules: FieldReader, name: string, raw: Record<string, unknown>): RuleSetting {
  const entry = rules.child(name, raw);
  const setting = entry.oneOf('level', RULE_SETTINGS);
  entry.assertNoUnknownFields();
  return setting;
}

function readOverrides(reader: FieldReader): Override[] {
  const value = reader.raw('overrides');
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) reader.fail('overrides', 'must be a list of {files: [globs], ...settings}');
  return value.map((item, i) => {
    if (!isPlainMap(item)) reader.fail(['overrides', i], 'must be a map: files and the settings they get');
    const entry = reader.child(['overrides', i], item);
    const files = entry.stringList('files', { required: true });
    const settings = readSettings(entry);
    for (const key of Object.keys(item)) {
      if (key !== 'files' && !SETTING_KEYS.includes(key)) {
        entry.fail(key, `not allowed in overrides (allowed: files, ${SETTING_KEYS.join(', ')})`);
      }
    }
    return { files, settings };
  });
}
