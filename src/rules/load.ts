import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isLevel, LEVELS, type Level } from '../diagnostics.js';
import { RULE_TYPES } from '../engine/registry.js';
import { anchorFilter, compilePattern, PatternEnv, PatternError, type PatternLookup } from '../engine/pattern/index.js';
import { unsafePatternReason } from '../engine/regex-safety.js';
import { withReplyModel } from '../engine/reply-model.js';
import { finds, type Check, type CheckInput, type CompileEnv, type CompiledRule, type CorpusCheck, type Example, type RawMatch, type Settings, type Timing } from '../engine/rule.js';
import { isLang, LANGS, type Lang } from '../lang/detect.js';
import { RuleFileError } from '../core/errors.js';
import { FieldReader } from '../core/fields.js';
import { describeFsError, readSettingsFile, UnreadableFile } from '../sources/read.js';
import { parseYaml, yamlModule } from '../core/yaml.js';
import { cachedRule, cachedRuleData, type CachedRule } from './rule-cache.js';
import type { CompiledSignal, RuleSet } from './rule-set.js';
import { failingExample } from './example-check.js';

export type { CompiledSignal, RuleSet } from './rule-set.js';

const ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

const YAML_FILE = /\.ya?ml$/i;

function yamlFiles(dir: string): string[] {
  try {
    // join(dir, name) for a bare file name (readdir gives no '.', '..' or separator): one join,
    // not one per file (path.join normalises the whole path each time, a cost at every start).
    const prefix = join(dir, 'x').slice(0, -1);
    return readdirSync(dir)
      .filter((f) => YAML_FILE.test(f))
      .sort()
      .map((f) => prefix + f);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The buffer the pack's files are read into, one after the other (see readPackFile); made at first use (the browser build has no Buffer). */
let packBuffer: Buffer | undefined;

/**
 * A file of the built-in pack, read into a buffer reused from file to file: valid until the next
 * call, so the caller copies it if it keeps it (only a file that is not as built is kept). Every
 * file is read and compared with the build's copy at every start; reading each into a buffer of
 * its own (450 KB) was about a hundred page faults of each start.
 */
function readPackFile(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (!packBuffer || packBuffer.length < size) packBuffer = Buffer.allocUnsafeSlow(Math.max(size, 32 * 1024));
    let done = 0;
    for (let read = 1; done < size && read > 0; done += read) read = readSync(fd, packBuffer, done, size - done, done);
    return packBuffer.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** `cached`: the file is byte-identical to one validated at build time (dist/rules-cache.bin). */
function openYaml(file: string, options: LoadOptions): { reader: FieldReader; cached: boolean } {
  if (options.data) return { reader: new FieldReader(file, () => noSource(file), options.data), cached: true };
  const bytes = options.bytes ?? readSettingsFile(file);
  const cached = cachedRuleData(bytes);
  if (cached) return { reader: new FieldReader(file, () => parseYaml(bytes.toString('utf8')), cached), cached: true };
  const parsed = parseYaml(bytes.toString('utf8'));
  const { doc, lines } = parsed;
  const first = doc.errors[0];
  if (first) {
    const { line, col } = lines.linePos(first.pos[0]);
    throw new RuleFileError(file, line, col, undefined, `not valid YAML: ${first.message.split('\n')[0]}`);
  }
  if (!yamlModule().isMap(doc.contents)) throw new RuleFileError(file, 1, 1, undefined, 'a rule file must be a YAML map of fields');
  return { reader: new FieldReader(file, () => parsed, doc.toJS() as Record<string, unknown>), cached: false };
}

/** Data validated at build time has no error to locate; the browser build has no YAML parser to locate one with. */
function noSource(file: string): never {
  throw new Error(`${file}: the rule was given as data, without its YAML source`);
}

/**
 * The pattern environment of each language of a rule set (candidate index, anchor table, guard):
 * every file of a language compiles in the same one, so that one walk per text serves them all.
 */
export type PatternEnvs = (lang: Lang) => PatternEnv;

/** Fresh environments, one per language, with the given options (e.g. the build's anchor tables). */
export function patternEnvs(options: (lang: Lang) => ConstructorParameters<typeof PatternEnv>[0] = (lang) => ({ lang })): PatternEnvs {
  const envs = new Map<Lang, PatternEnv>();
  return (lang) => {
    let env = envs.get(lang);
    if (!env) envs.set(lang, (env = new PatternEnv(options(lang))));
    return env;
  };
}

function compileEnv(lang: Lang, lookup: PatternLookup, env: PatternEnv, validated = false): CompileEnv {
  // A file the build validated skips parsing its patterns again.
  const pattern = (source: string) => compilePattern(source, lookup, { validated, env });
  return {
    lang,
    lookup,
    pattern,
    patterns(reader, field, options = {}) {
      const sources = reader.stringList(field, { required: options.required });
      return sources.flatMap((source, i) => {
        try {
          // An entry that is only "@signal" is the signal's patterns one by one, not one long
          // alternation: each is compiled only if the text holds its anchors, and a presence
          // check stops at the first that matches (one anchorless branch made the whole 8,000-
          // character alternation compile on every pre-send check of a complaint).
          const included = options.transform ? undefined : wholeInclude(source, lookup);
          if (included) return included.map((s) => pattern(s));
          return [pattern(options.transform ? options.transform(source) : source)];
        } catch (error) {
          if (error instanceof PatternError) reader.fail([field, i], `${error.message} in "${source}"`);
          throw error;
        }
      });
    },
  };
}

/** The file name without its .yml or .yaml extension (any case), as `name.replace(/\.ya?ml$/i, '')`. */
function withoutYamlExtension(name: string): string {
  const tail = name.slice(-5).toLowerCase();
  const cut = tail.endsWith('.yml') ? 4 : tail.endsWith('.yaml') ? 5 : 0;
  return cut ? name.slice(0, -cut) : name;
}

/** The sources of the signal an entry names alone ("@investigation"), if it is that. */
function wholeInclude(source: string, lookup: PatternLookup): string[] | undefined {
  // Most entries are not one (asked of every pattern compiled: no trim, no regex for them).
  if (!source.includes('@')) return undefined;
  const name = /^@([a-z][a-z0-9-]*)$/.exec(source.trim())?.[1];
  return name === undefined ? undefined : lookup(name);
}

function readExamples(reader: FieldReader): { flag: Example[]; pass: Example[] } {
  const raw = reader.raw('examples');
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    reader.fail('examples', 'is required: a map with non-empty lists "flag" and "pass"');
  }
  const result = { flag: [] as Example[], pass: [] as Example[] };
  for (const key of ['flag', 'pass'] as const) {
    const list = (raw as Record<string, unknown>)[key];
    if (!Array.isArray(list) || list.length === 0) reader.fail(['examples', key], 'must be a non-empty list of replies');
    result[key] = list.map((item, i) => readExample(reader, item, ['examples', key, i]));
  }
  for (const key of Object.keys(raw as object)) {
    if (key !== 'flag' && key !== 'pass') reader.fail(['examples', key], 'unknown field (use flag and pass)');
  }
  return result;
}

function readExample(reader: FieldReader, item: unknown, path: (string | number)[]): Example {
  if (typeof item === 'string' && item.trim()) return { reply: item };
  if (Array.isArray(item)) {
    if (item.length < 2 || !item.every((r) => typeof r === 'string' && r.trim())) reader.fail(path, 'must list two or more non-empty replies');
    return { reply: item.join(' | '), replies: item as string[] };
  }
  if (item && typeof item === 'object' && !Array.isArray(item)) {
    const { reply, in_reply_to: inReplyTo, received_at: receivedAt, sent_at: sentAt, settings, ...rest } = item as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra) reader.fail([...path, extra], 'unknown field (an example has reply, in_reply_to, received_at, sent_at and settings)');
    if (typeof reply !== 'string' || !reply.trim()) reader.fail([...path, 'reply'], 'must be a non-empty string');
    if (inReplyTo !== undefined && typeof inReplyTo !== 'string') reader.fail([...path, 'in_reply_to'], 'must be a string');
    const example: Example = inReplyTo === undefined ? { reply } : { reply, in_reply_to: inReplyTo };
    const timing = readExampleTiming(reader, path, { received_at: receivedAt, sent_at: sentAt });
    if (timing) example.timing = timing;
    if (settings !== undefined) example.settings = readExampleSettings(reader, settings, [...path, 'settings']);
    return example;
  }
  return reader.fail(path, 'must be a reply (a string) or a map with reply and in_reply_to');
}

function readExampleTiming(reader: FieldReader, path: (string | number)[], fields: Record<string, unknown>): Timing | undefined {
  const dates: Record<string, Date> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) reader.fail([...path, field], 'must be a date and time, e.g. 2024-05-01T09:30:00Z');
    dates[field] = date;
  }
  if (!dates.received_at && !dates.sent_at) return undefined;
  return { receivedAt: dates.received_at, sentAt: dates.sent_at };
}

/** Rule files already warned about the old spelling of a setting (once per file is enough). */
const warnedSpelling = new Set<string>();

/**
 * The settings an example runs with, spelt as in the configuration file (`responseTargetMinutes`).
 * The old snake_case spelling still works, with a deprecation warning.
 */
function readExampleSettings(reader: FieldReader, value: unknown, path: (string | number)[]): Settings {
  const map = (v: unknown, at: (string | number)[]): Record<string, unknown> => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) reader.fail(at, 'must be a map');
    return v as Record<string, unknown>;
  };
  const { brand, responseTargetMinutes, response_target_minutes: oldSpelling, mode, ...rest } = map(value, path);
  const unknown = Object.keys(rest)[0];
  if (unknown) reader.fail([...path, unknown], 'unknown setting (use brand, responseTargetMinutes, mode)');
  if (oldSpelling !== undefined && !warnedSpelling.has(reader.file)) {
    warnedSpelling.add(reader.file);
    const { line, column } = reader.where([...path, 'response_target_minutes']);
    process.emitWarning(`${reader.file}:${line}:${column}: 'response_target_minutes' is deprecated: write 'responseTargetMinutes', as in the configuration file`, 'DeprecationWarning');
  }
  const target = responseTargetMinutes ?? oldSpelling;
  const settings: Settings = {};
  if (brand !== undefined) {
    const { name, handles, voice, ...other } = map(brand, [...path, 'brand']);
    const extra = Object.keys(other)[0];
    if (extra) reader.fail([...path, 'brand', extra], 'unknown setting (use name, handles, voice)');
    if (name !== undefined && typeof name !== 'string') reader.fail([...path, 'brand', 'name'], 'must be a string');
    if (handles !== undefined && !(Array.isArray(handles) && handles.every((h) => typeof h === 'string'))) {
      reader.fail([...path, 'brand', 'handles'], 'must be a list of strings');
    }
    if (voice !== undefined && voice !== 'we' && voice !== 'I') reader.fail([...path, 'brand', 'voice'], 'must be "we" or "I"');
    settings.brand = { name: name as string | undefined, handles: handles as string[] | undefined, voice: voice as 'we' | 'I' | undefined };
  }
  if (target !== undefined) {
    const field = responseTargetMinutes !== undefined ? 'responseTargetMinutes' : 'response_target_minutes';
    if (typeof target !== 'number' || !(target > 0)) reader.fail([...path, field], 'must be a positive number');
    settings.responseTargetMinutes = target;
  }
  if (mode !== undefined) {
    if (mode !== 'draft' && mode !== 'template') reader.fail([...path, 'mode'], 'must be "draft" or "template"');
    settings.mode = mode;
  }
  return settings;
}

/** A compiled check of either kind, as the rule file's type makes it. */
type Checks = { kind: 'reply'; check: Check } | { kind: 'corpus'; corpus: CorpusCheck };

function ruleType(reader: FieldReader): string {
  return reader.oneOf('type', [...RULE_TYPES.keys()]);
}

/**
 * Where a check's candidate anchors are looked up (a file the build validated: `lazy`) or
 * recorded (the build): the rule's or signal's key in its language's anchor table.
 */
interface CandidateKey {
  key: string;
  patternEnv: PatternEnv;
  lazy: boolean;
}

/** The key of a rule (or signal) in the anchor table: no pattern's key starts with '#'. */
const candidateKey = (kind: 'rule' | 'signal', name: string) => `#${kind}/${name}`;

/** The type compiles with a reader that knows its declared fields (their defaults, their bounds). */
function compileCheck(reader: FieldReader, env: CompileEnv, type: string, at?: CandidateKey): Checks {
  const ruleType = RULE_TYPES.get(type)!;
  const typed = reader.declaring(type, ruleType.fields);
  if (ruleType.kind === 'corpus') return { kind: 'corpus', corpus: ruleType.compile(typed, env) };
  const without = ruleType.withoutCandidates;
  const anchors = at?.lazy && without ? at.patternEnv.anchorTable?.(at.key) : undefined;
  let check: Check;
  if (anchors && anchors.length > 0 && without) {
    // The group the type makes of the same patterns takes the union rather than working it out again.
    const compile = () => ruleType.compile(typed, { ...env, candidateAnchors: anchors });
    check = decidedWithoutCandidates(compile, without, anchorFilter(at!.patternEnv, anchors));
  } else {
    check = ruleType.compile(typed, env);
    if (at && check.candidateAnchors) at.patternEnv.ruleRecorder?.set(at.key, check.candidateAnchors);
  }
  // A trained reading of the whole reply may judge what the patterns found (src/engine/reply-model.ts):
  // fields every reply rule may have, read beside the type's own.
  return { kind: 'reply', check: withReplyModel(reader, env, check) };
}

/**
 * A check decided without compiling its patterns while the text holds none of their anchors (the
 * build's union for the rule): most rules have no candidate in a given reply, and compiling the
 * patterns of every rule was most of what a pre-send check spent on them. Compiled at the first
 * text that holds one; from then on the check itself asks (and answers the same).
 */
function decidedWithoutCandidates(compile: () => Check, without: (input: CheckInput) => RawMatch[], filter: { mayMatch(text: string): boolean }): Check {
  let compiled: Check | undefined;
  const compiledFor = (input: CheckInput) => compiled ?? (filter.mayMatch(input.doc.text) ? (compiled = compile()) : undefined);
  const check: Check = (input) => {
    const ready = compiledFor(input);
    return ready ? ready(input) : without(input);
  };
  check.test = (input) => {
    const ready = compiledFor(input);
    return ready ? finds(ready, input) : without(input).length > 0;
  };
  return check;
}

/**
 * Checks compiled at their first call, so that a run compiles only the languages it meets (a
 * French draft never compiles the English patterns). Only for files the build validated.
 */
function compileOnFirstUse(type: string, compile: () => Checks, hasReplyModel: boolean): Checks {
  let compiled: Checks | undefined;
  const checks = () => (compiled ??= compile());
  const ruleType = RULE_TYPES.get(type)!;
  if (ruleType.kind === 'reply') {
    // Once compiled, one closure call and one test per reply (this runs for every rule and reply).
    let replyCheck: Check | undefined;
    const compiledCheck = () => (replyCheck = (checks() as Extract<Checks, { kind: 'reply' }>).check);
    // A type silent on this input (no brand set, say) compiles nothing for it; a reply model
    // (withReplyModel) may find what the type does not, so a rule with one is always asked.
    const silent = ruleType.silent && !hasReplyModel ? ruleType.silent : undefined;
    if (silent) {
      const check: Check = (input) => (silent(input) ? [] : (replyCheck ?? compiledCheck())(input));
      check.test = (input) => !silent(input) && finds(replyCheck ?? compiledCheck(), input);
      return { kind: 'reply', check };
    }
    const check: Check = (input) => (replyCheck ?? compiledCheck())(input);
    check.test = (input) => finds(replyCheck ?? compiledCheck(), input);
    return { kind: 'reply', check };
  }
  const corpus = () => (checks() as Extract<Checks, { kind: 'corpus' }>).corpus;
  return { kind: 'corpus', corpus: { compares: (settings) => corpus().compares(settings), judge: (docs, settings, notify) => corpus().judge(docs, settings, notify) } };
}

type Examples = { flag: Example[]; pass: Example[] };

/**
 * A file's examples, read at first access, for a file the build validated: a run lints without
 * them (reading some 800 examples was a third of loading the pack); explain and the tests read
 * them. The getters are on the prototype: an accessor per rule object would make V8 store the
 * rules as slow dictionaries, and the engine reads their fields for every reply.
 */
class ExamplesOnFirstUse implements Examples {
  #examples: Examples | undefined;

  constructor(private readonly read: () => Examples) {}

  get flag(): Example[] {
    return this.examples().flag;
  }

  get pass(): Example[] {
    return this.examples().pass;
  }

  toJSON(): Examples {
    return this.examples();
  }

  private examples(): Examples {
    return (this.#examples ??= this.read());
  }
}

/**
 * `lazy`: compile the checks at first use when the file is byte-identical to one the build
 * validated with the whole pack (src/tools/precompile-rules.ts): nothing is left to report.
 * `bytes`: the file's content, when the caller has read it already.
 */
export interface LoadOptions {
  lazy?: boolean;
  bytes?: Buffer;
  /** Where the patterns compile (default: a fresh environment per language for this file). */
  envs?: PatternEnvs;
  /** The file's data, parsed and validated at build time (the browser build: no file system). */
  data?: Record<string, unknown>;
  /** Run the rule's examples and reject the file at the first one it gets wrong (user rules). */
  runExamples?: boolean;
}

/** A corpus rule's examples are lists of replies judged together; other rules' are single replies. */
function checkExampleShape(reader: FieldReader, examples: { flag: Example[]; pass: Example[] }, corpus: boolean): void {
  for (const key of ['flag', 'pass'] as const) {
    examples[key].forEach((example, i) => {
      if (corpus && !example.replies) reader.fail(['examples', key, i], 'a corpus rule example is a list of two or more replies');
      if (!corpus && example.replies) reader.fail(['examples', key, i], 'a list of replies is only for corpus rules (e.g. canned-duplicate)');
    });
  }
}

function readLang(reader: FieldReader, folderLang: Lang | undefined): Lang[] {
  const declared = reader.raw('lang');
  if (declared === undefined) return folderLang ? [folderLang] : [...LANGS];
  if (!isLang(declared)) reader.fail('lang', `must be one of: ${LANGS.join(', ')}`);
  if (folderLang && declared !== folderLang) reader.fail('lang', `says '${declared}' but the file is in the '${folderLang}' folder`);
  return [declared];
}

export function loadSignalFile(file: string, lang: Lang, known: Map<string, CompiledSignal>, options: LoadOptions = {}): CompiledSignal {
  const { reader, cached } = openYaml(file, options);
  const lazy = cached && options.lazy === true;
  const name = reader.string('signal');
  // A file as built validated with the whole pack: its checks are not made again (each regex run
  // once in cold code costs its compilation, at every start).
  if (!cached && !ID.test(name)) reader.fail('signal', 'must be lower-case words joined by hyphens');
  reader.raw('description');
  const patternEnv = (options.envs ?? patternEnvs())(lang);
  const env = compileEnv(lang, (n) => known.get(n)?.sources, patternEnv, cached);
  const sources = reader.stringList('patterns').concat(reader.stringList('any'));
  const type = ruleType(reader);
  if (RULE_TYPES.get(type)!.kind !== 'reply') reader.fail('type', `'${type}' judges a whole run: a signal is a condition on one message`);
  const at = { key: candidateKey('signal', name), patternEnv, lazy };
  const compiled = lazy ? compileOnFirstUse(type, () => compileCheck(reader, env, type, at), reader.has('reply_model')) : compileCheck(reader, env, type, at);
  const { check } = compiled as Extract<Checks, { kind: 'reply' }>;
  if (lazy) return { name, lang, file, sources, examples: new ExamplesOnFirstUse(() => readExamples(reader)), check };
  const examples = readExamples(reader);
  reader.assertNoUnknownFields();
  return { name, lang, file, sources, examples, check };
}

export function loadRuleFile(file: string, folderLang: Lang | undefined, signals: RuleSet['signals'], options: LoadOptions = {}): CompiledRule[] {
  const { reader, cached } = openYaml(file, options);
  const lazy = cached && options.lazy === true;
  const id = reader.string('id');
  if (!cached && !ID.test(id)) reader.fail('id', 'must be lower-case words joined by hyphens, e.g. hostile-tone');
  const tip = reader.number('tip', NaN, { min: 1, max: 10, integer: true });
  if (Number.isNaN(tip)) reader.fail('tip', 'is required: the number (1-10) of the tip the rule comes from');
  const level = reader.raw('level') ?? 'warning';
  if (!isLevel(level)) reader.fail('level', `must be one of: ${LEVELS.join(', ')}`);
  const message = reader.string('message');
  const common = {
    id,
    tip,
    level: level as Level,
    message,
    family: reader.optionalString('family') ?? id,
    description: reader.optionalString('description') ?? message.split(/(?<=[.:])\s/)[0]!,
    why: reader.optionalString('why'),
    suggest: reader.optionalString('suggest'),
    when: reader.stringList('when'),
    file,
  };
  const langs = readLang(reader, folderLang);
  for (const condition of common.when) {
    const name = condition.startsWith('!') ? condition.slice(1) : condition;
    if (!langs.some((l) => signals.get(l)?.has(name)) && signals.size > 0) {
      reader.fail(['when', common.when.indexOf(condition)], `unknown signal '${name}'`);
    }
  }
  const compiled: CompiledRule[] = [];
  let examples: Examples | undefined;
  const readOnce = () => (examples ??= lazy ? new ExamplesOnFirstUse(() => readExamples(reader)) : readExamples(reader));
  const envs = options.envs ?? patternEnvs();
  for (const lang of langs) {
    const patternEnv = envs(lang);
    const env = compileEnv(lang, (n) => signals.get(lang)?.get(n)?.sources, patternEnv, cached);
    const type = ruleType(reader);
    const at = { key: candidateKey('rule', id), patternEnv, lazy };
    const checks = lazy ? compileOnFirstUse(type, () => compileCheck(reader, env, type, at), reader.has('reply_model')) : compileCheck(reader, env, type, at);
    if (!lazy) checkExampleShape(reader, readOnce(), checks.kind === 'corpus');
    compiled.push(ruleObject(common, lang, type, readOnce(), checks));
  }
  if (!lazy) reader.assertNoUnknownFields();
  // Not node:path (the browser build loads rules too), nor a regex (see above).
  const fileName = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  if (withoutYamlExtension(fileName) !== id) {
    reader.fail('id', `'${id}' must match the file name (${fileName}), one rule per file`);
  }
  const failure = options.runExamples ? failingExample(compiled, signals) : undefined;
  if (failure) reader.fail(failure.path, failure.reason);
  return compiled;
}

/** A field as FieldReader.optionalString reads a valid one: absent or null is undefined. */
const optional = (value: unknown) => (value === undefined || value === null ? undefined : (value as string));
/** A field as FieldReader.stringList reads a valid one: absent or null is [], a string a list of one. */
const list = (value: unknown) => (value === undefined || value === null ? [] : typeof value === 'string' ? [value] : (value as string[]));

/**
 * A built-in signal file as built (`cached`: validated with the whole pack at build time), read
 * from the cache header's values: what loadSignalFile makes of it, without a FieldReader or the
 * file's data object until its check compiles or its examples are read.
 */
function loadBuiltSignalFile(file: string, lang: Lang, known: Map<string, CompiledSignal>, cached: CachedRule, envs: PatternEnvs): CompiledSignal {
  const { eager } = cached;
  const name = eager.signal as string;
  const reader = builtReader(file, cached);
  const sources = list(eager.patterns).concat(list(eager.any));
  const type = eager.type as string;
  // The language's pattern environment and the compile environment are made when the check first
  // runs (lazy per language: a run of English drafts never makes the French ones).
  const compile = () => {
    const patternEnv = envs(lang);
    const env = compileEnv(lang, (n) => known.get(n)?.sources, patternEnv, true);
    return compileCheck(reader(), env, type, { key: candidateKey('signal', name), patternEnv, lazy: true });
  };
  const { check } = compileOnFirstUse(type, compile, cached.keys.includes('reply_model')) as Extract<Checks, { kind: 'reply' }>;
  return { name, lang, file, sources, examples: new ExamplesOnFirstUse(() => readExamples(reader())), check };
}

/**
 * A built-in rule file as built, read from the cache header's values (see loadBuiltSignalFile):
 * the same rules as loadRuleFile makes, field for field (test/startup.test.ts compares them).
 * Undefined when its name does not match its id (a file renamed after the build): loadRuleFile
 * then reports it.
 */
function loadBuiltRuleFile(file: string, folderLang: Lang, signals: RuleSet['signals'], cached: CachedRule, envs: PatternEnvs): CompiledRule[] | undefined {
  const { eager } = cached;
  const id = eager.id as string;
  const fileName = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  if (withoutYamlExtension(fileName) !== id) return undefined;
  const message = eager.message as string;
  const common = {
    id,
    tip: eager.tip as number,
    level: (eager.level ?? 'warning') as Level,
    message,
    family: optional(eager.family) ?? id,
    description: optional(eager.description) ?? message.split(/(?<=[.:])\s/)[0]!,
    why: optional(eager.why),
    suggest: optional(eager.suggest),
    when: list(eager.when),
    file,
  };
  const reader = builtReader(file, cached);
  const examples = new ExamplesOnFirstUse(() => readExamples(reader()));
  const type = eager.type as string;
  const hasReplyModel = cached.keys.includes('reply_model');
  const langs = eager.lang === undefined ? [folderLang] : [eager.lang as Lang];
  return langs.map((lang) => {
    // Made when the check first runs, as for a signal (see loadBuiltSignalFile).
    const compile = () => {
      const patternEnv = envs(lang);
      const env = compileEnv(lang, (n) => signals.get(lang)?.get(n)?.sources, patternEnv, true);
      return compileCheck(reader(), env, type, { key: candidateKey('rule', id), patternEnv, lazy: true });
    };
    return ruleObject(common, lang, type, examples, compileOnFirstUse(type, compile, hasReplyModel));
  });
}

/**
 * The reader of a built-in file as built, made when first asked (its check compiles, its examples
 * are read). Its YAML source, asked only to locate a field (a file the build validated has no
 * error to report: a deprecated setting's warning in an example), is read again then: the bytes
 * compared at load are not kept (the file edited since would only move the location given).
 */
function builtReader(file: string, cached: CachedRule): () => FieldReader {
  let reader: FieldReader | undefined;
  return () => (reader ??= new FieldReader(file, () => parseYaml(readFileSync(file).toString('utf8')), cached.data()));
}

/**
 * The rule's object, its fields in the order `{ ...common, lang, type, examples, ...checks }`
 * gives them (reports and JSON read them so), built field by field: object spreads, run once per
 * rule file in cold code, were about a millisecond of every pre-send check.
 */
function ruleObject(
  common: Omit<CompiledRule, 'lang' | 'type' | 'examples' | 'kind' | 'check' | 'corpus'>,
  lang: Lang,
  type: string,
  examples: Examples,
  checks: Checks,
): CompiledRule {
  const { id, tip, level, message, family, description, why, suggest, when, file } = common;
  if (checks.kind === 'reply') {
    const { kind, check } = checks;
    return { id, tip, level, message, family, description, why, suggest, when, file, lang, type, examples, kind, check };
  }
  const { kind, corpus } = checks;
  return { id, tip, level, message, family, description, why, suggest, when, file, lang, type, examples, kind, corpus };
}

/**
 * A rule file the user wrote is untrusted input: patterns that could hang the run are rejected
 * (ReDoS), and whatever else goes wrong reading it (a folder named x.yml, a YAML alias bomb that
 * the parser refuses to expand) is reported at the file, never as an internal error.
 */
export function loadUserRuleFile(file: string, folderLang: Lang | undefined, signals: RuleSet['signals'], envs: PatternEnvs = patternEnvs()): CompiledRule[] {
  try {
    return loadRuleFile(file, folderLang, signals, { envs: (lang) => envs(lang).guarded(unsafePatternReason), runExamples: true });
  } catch (error) {
    if (error instanceof RuleFileError) throw error;
    if (error instanceof UnreadableFile) throw new RuleFileError(file, 1, 1, undefined, `cannot be used: ${error.reason}`);
    if (error instanceof RangeError) throw new RuleFileError(file, 1, 1, undefined, 'cannot be used: nested too deeply to read');
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code ? describeFsError(error) : (error as Error).message;
    throw new RuleFileError(file, 1, 1, undefined, `cannot be used: ${reason}`);
  }
}

/**
 * Loads the built-in rule pack and any user folders. A user rule with the id of a built-in
 * rule replaces it for that language (that is how a team tunes a rule without forking).
 * `lazy`: built-in files as built compile their checks at first use (user files never do:
 * their errors are reported before any input is read).
 */
export function loadRuleSet(options: { builtinRoot: string; extraDirs?: string[]; lazy?: boolean; envs?: PatternEnvs }): RuleSet {
  const envs = options.envs ?? patternEnvs();
  const signals: RuleSet['signals'] = new Map(LANGS.map((l) => [l, new Map()]));
  const lazyLangs = new Set<Lang>();
  for (const lang of LANGS) {
    const known = signals.get(lang)!;
    const files = yamlFiles(join(options.builtinRoot, 'signals', lang));
    // A file not as built is kept (copied out of the reused buffer) for loadSignalFile to parse.
    const contents: (Buffer | undefined)[] = [];
    const built = files.map((file, i) => {
      const bytes = readPackFile(file);
      const entry = cachedRule(bytes);
      if (!entry) contents[i] = Buffer.from(bytes);
      return entry;
    });
    // Only with every signal as built does a rule's @signal expand to what the build validated.
    const lazy = options.lazy === true && built.every((entry) => entry !== undefined);
    if (lazy) lazyLangs.add(lang);
    files.forEach((file, i) => {
      const signal = lazy
        ? loadBuiltSignalFile(file, lang, known, built[i]!, envs)
        : loadSignalFile(file, lang, known, { lazy, bytes: contents[i] ?? readFileSync(file), envs });
      known.set(signal.name, signal);
    });
  }
  const byKey = new Map<string, CompiledRule>();
  const add = (rules: CompiledRule[]) => rules.forEach((r) => byKey.set(`${r.lang}/${r.id}`, r));
  for (const lang of LANGS) {
    const lazy = lazyLangs.has(lang);
    // Read as the signals are: the pack's own files (readSettingsFile's guards are for files users name).
    for (const file of yamlFiles(join(options.builtinRoot, 'rules', lang))) {
      const bytes = readPackFile(file);
      const built = lazy ? cachedRule(bytes) : undefined;
      add(
        (built && loadBuiltRuleFile(file, lang, signals, built, envs)) ??
          loadRuleFile(file, lang, signals, { lazy, envs, bytes: Buffer.from(bytes) }),
      );
    }
  }
  for (const dir of options.extraDirs ?? []) {
    if (!isDirectory(dir)) throw new RuleFileError(dir, 1, 1, undefined, 'rules folder not found');
    for (const file of yamlFiles(dir)) add(loadUserRuleFile(file, undefined, signals, envs));
    for (const lang of LANGS) for (const file of yamlFiles(join(dir, lang))) add(loadUserRuleFile(file, lang, signals, envs));
  }
  return { rules: [...byKey.values()], signals };
}
