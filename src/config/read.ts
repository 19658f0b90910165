import { dirname, resolve } from 'node:path';
import { yamlModule } from '../core/yaml.js';
import { LEVELS, type Level } from '../diagnostics.js';
import type { Settings } from '../engine/rule.js';
import { isLang, LANGS, type Lang } from '../lang/detect.js';
import { RuleFileError } from '../core/errors.js';
import { FieldReader } from '../core/fields.js';
import { readSettingsFile, UnreadableFile } from '../sources/read.js';
import { ErrorCollector } from './errors.js';

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
  /** Where the message a reply answers is kept, beside it: `{name}.message.txt` (see inReplyToFile). */
  inReplyToFile?: string;
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
  /** Globs of YAML/JSON files that are template collections, whatever their content. */
  collections: string[];
  overrides: Override[];
}

const SETTING_KEYS = [
  'rules',
  'brand',
  'responseTargetMinutes',
  'vocabulary',
  'mode',
  'lang',
  'lintQuotedText',
  'inReplyToFile',
];
const RULE_SETTINGS: readonly RuleSetting[] = ['off', ...LEVELS];

/** Reads and validates a configuration file; every error names file, line, column and field. */
export function readConfigFile(file: string, seen: string[] = []): ConfigFile {
  const path = resolve(file);
  const reader = openConfig(path);
  // Each field is checked even when an earlier one is wrong: all the errors come out at once.
  const errors = new ErrorCollector();
  const baseRef = errors.attempt(() => reader.optionalString('extends'), undefined);
  const base =
    baseRef === undefined
      ? undefined
      : errors.attempt(() => readBase(reader, resolve(dirname(path), baseRef), [...seen, path]), undefined);
  const config: ConfigFile = {
    file: path,
    base,
    settings: readSettings(reader, errors),
    rulesDirs: errors.attempt(() => reader.stringList('rulesDirs'), []).map((dir) => resolve(dirname(path), dir)),
    ignore: errors.attempt(() => reader.stringList('ignore'), []),
    collections: errors.attempt(() => reader.stringList('collections'), []),
    overrides: readOverrides(reader, errors),
  };
  reportUnknownFields(reader, errors);
  errors.throwIfAny();
  return config;
}

function reportUnknownFields(reader: FieldReader, errors: ErrorCollector): void {
  for (const key of reader.unknownFields())
    errors.attempt(() => reader.fail(key, 'unknown field (check its spelling)'), undefined);
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
  const text = readConfigText(path);
  // logLevel 'error': yaml's own warnings (a collection as a key) would print beside our error.
  const doc = guardYaml(path, () =>
    parseDocument(text, { lineCounter: lines, prettyErrors: false, logLevel: 'error' }),
  );
  const first = doc.errors[0];
  if (first) {
    const { line, col } = lines.linePos(first.pos[0]);
    const reason = /call stack/.test(first.message) ? 'nested too deeply to read' : first.message.split('\n')[0];
    throw new RuleFileError(path, line, col, undefined, `not valid YAML/JSON: ${reason}`);
  }
  if (doc.contents === null) return new FieldReader(path, () => ({ doc, lines }), {});
  if (!isMap(doc.contents))
    throw new RuleFileError(path, 1, 1, undefined, 'a configuration file must be a map of settings');
  const data = guardYaml(path, () => doc.toJS()) as Record<string, unknown>;
  const root: FieldReader = new FieldReader(path, () => ({ doc, lines }), data);
  if (!path.endsWith('package.json')) return root;
  const own = data.replylint;
  if (!isPlainMap(own)) root.fail('replylint', 'must be a map of settings');
  return root.child('replylint', own);
}

/** A configuration is a small regular file: a pipe, a device or a huge file is reported, not read. */
function readConfigText(path: string): string {
  try {
    return readSettingsFile(path).toString('utf8');
  } catch (error) {
    if (!(error instanceof UnreadableFile) || error.code === 'ENOENT') throw error; // readBase names a missing base
    throw new RuleFileError(path, 1, 1, undefined, `cannot be read: ${error.reason}`);
  }
}

/**
 * The YAML reader refuses an alias bomb (ReferenceError) and overflows the stack on input nested
 * thousands deep (RangeError): both are the file's fault, reported at the file.
 */
export function guardYaml<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof RangeError) throw new RuleFileError(path, 1, 1, undefined, 'nested too deeply to read');
    if (error instanceof ReferenceError)
      throw new RuleFileError(path, 1, 1, undefined, `cannot be read: ${error.message}`);
    throw error;
  }
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readSettings(reader: FieldReader, errors: ErrorCollector): SettingsLayer {
  const field = <T>(read: () => T) => errors.attempt(read, undefined);
  return {
    rules: readRules(reader, errors),
    brand: field(() => optional(reader, 'brand', () => readBrand(reader, errors))),
    responseTargetMinutes: field(() =>
      optional(reader, 'responseTargetMinutes', () => reader.number('responseTargetMinutes', 0, { min: 1 })),
    ),
    vocabulary: field(() => optional(reader, 'vocabulary', () => reader.stringList('vocabulary'))),
    mode: field(() => optional(reader, 'mode', () => reader.oneOf('mode', ['draft', 'template'] as const))),
    lang: field(() => optional(reader, 'lang', () => reader.oneOf('lang', LANGS))),
    lintQuotedText: field(() => optional(reader, 'lintQuotedText', () => reader.boolean('lintQuotedText', false))),
    inReplyToFile: field(() => optional(reader, 'inReplyToFile', () => readInReplyToFile(reader))),
  };
}

/**
 * `inReplyToFile: "{name}.message.txt"`: the file holding the message a reply answers, relative
 * to the reply's folder; `{name}` is the reply's file name without its extension, `{file}` with it.
 */
function readInReplyToFile(reader: FieldReader): string {
  const pattern = reader.string('inReplyToFile');
  const fail = (why: string) => reader.fail('inReplyToFile', `${why} (e.g. "{name}.message.txt")`);
  if (!pattern.trim()) fail('must name a file');
  if (/^([\\/]|[A-Za-z]:)/.test(pattern)) fail("must be relative to the reply's folder");
  const unknown = /\{(?!(?:name|file)\})[^}]*\}/.exec(pattern);
  if (unknown)
    fail(`unknown placeholder '${unknown[0]}': use {name} (the reply's file name without its extension) or {file}`);
  if (pattern === '{file}' || pattern === './{file}') fail('names the reply itself');
  return pattern;
}

/** A field that may be absent (or null): read it if present, and mark it known either way. */
function optional<T>(reader: FieldReader, field: string, read: () => T): T | undefined {
  if (reader.has(field)) return read();
  reader.raw(field);
  return undefined;
}

function readBrand(reader: FieldReader, errors: ErrorCollector): NonNullable<Settings['brand']> {
  const value = reader.raw('brand');
  if (!isPlainMap(value)) reader.fail('brand', 'must be a map: name, handles, voice');
  const brand = reader.child('brand', value);
  const result: NonNullable<Settings['brand']> = {};
  const name = errors.attempt(() => brand.optionalString('name'), undefined);
  if (name !== undefined) result.name = name;
  const handles = errors.attempt(() => optional(brand, 'handles', () => brand.stringList('handles')), undefined);
  if (handles) result.handles = handles;
  const voice = errors.attempt(
    () => optional(brand, 'voice', () => brand.oneOf('voice', ['we', 'I'] as const)),
    undefined,
  );
  if (voice) result.voice = voice;
  reportUnknownFields(brand, errors);
  return result;
}

/** `rules: {id-or-family: off | level | {level}}`; names are checked later, against the loaded rules. */
function readRules(reader: FieldReader, errors: ErrorCollector): RuleEntry[] {
  const value = reader.raw('rules');
  if (value === undefined || value === null) return [];
  if (!isPlainMap(value))
    return errors.attempt(
      () => reader.fail('rules', 'must be a map of rule id or family → off | suggestion | warning | error'),
      [],
    );
  const rules = reader.child('rules', value);
  return Object.keys(value).flatMap((name) => {
    const raw = rules.raw(name);
    const setting = errors.attempt(
      () => (isPlainMap(raw) ? readRuleMap(rules, name, raw) : rules.oneOf(name, RULE_SETTINGS)),
      undefined,
    );
    return setting === undefined ? [] : [{ name, setting, where: { file: rules.file, ...rules.where(name) } }];
  });
}

function readRuleMap(rules: FieldReader, name: string, raw: Record<string, unknown>): RuleSetting {
  const entry = rules.child(name, raw);
  const setting = entry.oneOf('level', RULE_SETTINGS);
  entry.assertNoUnknownFields();
  return setting;
}

function readOverrides(reader: FieldReader, errors: ErrorCollector): Override[] {
  const value = reader.raw('overrides');
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    return errors.attempt(() => reader.fail('overrides', 'must be a list of {files: [globs], ...settings}'), []);
  return value.flatMap((item, i) => {
    if (!isPlainMap(item))
      return errors.attempt(() => reader.fail(['overrides', i], 'must be a map: files and the settings they get'), []);
    const entry = reader.child(['overrides', i], item);
    const files = errors.attempt(() => entry.stringList('files', { required: true }), []);
    const settings = readSettings(entry, errors);
    for (const key of Object.keys(item)) {
      if (key !== 'files' && !SETTING_KEYS.includes(key)) {
        errors.attempt(
          () => entry.fail(key, `not allowed in overrides (allowed: files, ${SETTING_KEYS.join(', ')})`),
          undefined,
        );
      }
    }
    return [{ files, settings }];
  });
}
