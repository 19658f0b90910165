import { existsSync, lstatSync, statSync } from 'node:fs';
import { MAX_SETTINGS_FILE_BYTES, readSettingsFile } from '../sources/read.js';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';
import type { CompiledRule, Settings } from '../engine/rule.js';
import type { Lang } from '../lang/detect.js';
import { RuleFileError, UsageError } from '../core/errors.js';
import { ErrorCollector } from './errors.js';
import { closestHint } from '../rules/closest.js';
import { readConfigFile, type ConfigFile, type RuleEntry, type RuleSetting, type SettingsLayer } from './read.js';

/** Looked for in this order in each folder; package.json counts only with a `replylint` key. */
export const CONFIG_NAMES = [
  '.replylintrc.yml',
  '.replylintrc.yaml',
  '.replylintrc.json',
  'replylint.config.yml',
  'package.json',
];

/** The configuration that applies to one input, all layers merged. */
export interface ResolvedConfig {
  /** The file found by discovery or given with --config; undefined: built-in defaults. */
  file?: string;
  /** Every file read, `extends` bases first. */
  chain: string[];
  ignored: boolean;
  /** A YAML/JSON file the configuration's `collections:` globs name as a template collection. */
  collection: boolean;
  settings: Settings;
  lang?: Lang;
  rulesDirs: string[];
  /** `rules:` entries in the order they apply: bases, their overrides, then the file and its overrides. */
  ruleLayers: RuleEntry[][];
  /** The message answered, beside the reply (`inReplyToFile`, a pattern with {name}/{file}). */
  inReplyToFile?: string;
}

/**
 * Finds and reads configuration files. The nearest file wins (searching from the input's
 * folder up to the repository root, the folder with `.git`); it can pull in another with
 * `extends`. Folders and files are cached: a run over many replies reads each config once.
 */
export class ConfigFinder {
  private readonly found = new Map<string, string | undefined>();
  private readonly read = new Map<string, ConfigFile>();

  constructor(private readonly explicit?: string) {
    if (explicit !== undefined && !isPresent(explicit)) throw new UsageError(`--config ${explicit}: no such file`);
  }

  /** The configuration for an input file; undefined path (stdin) searches from the current folder. */
  configFor(path: string | undefined): ConfigFile | undefined {
    const file = this.explicit ?? this.findFrom(path === undefined ? process.cwd() : dirname(resolve(path)));
    if (file === undefined) return undefined;
    let config = this.read.get(file);
    if (!config) this.read.set(file, (config = readConfigFile(file)));
    return config;
  }

  /**
   * Upwards from `start`, a loop (a path thousands deep must not overflow the stack). The search
   * stops at the repository root (a folder with .git), at the user's home folder, and before a
   * folder that someone else could have written a configuration into (not owned by the user or
   * root, or writable by others, such as /tmp): a configuration there could silence the linter.
   * A configuration found in such a folder is not used, and a notice says so.
   */
  private findFrom(start: string): string | undefined {
    const visited: string[] = [];
    let result: string | undefined;
    for (let dir = start; ; dir = dirname(dir)) {
      if (this.found.has(dir)) {
        result = this.found.get(dir);
        break;
      }
      visited.push(dir);
      const here = CONFIG_NAMES.map((name) => join(dir, name)).find(isConfigFile);
      const untrusted = untrustedFolder(dir);
      if (here !== undefined && untrusted) this.refuse(here, untrusted);
      if (here !== undefined && !untrusted) {
        result = here;
        break;
      }
      if (untrusted || existsSync(join(dir, '.git')) || dir === home() || dirname(dir) === dir) break;
    }
    for (const dir of visited) this.found.set(dir, result);
    return result;
  }

  /** Configurations found but not used (see findFrom), each said once on stderr. */
  private readonly refused = new Set<string>();
  private refuse(file: string, why: string): void {
    if (this.refused.has(file)) return;
    this.refused.add(file);
    process.stderr.write(`replylint: ${file}: not used: its folder ${why} (give it with --config to use it)\n`);
  }
}

function home(): string | undefined {
  return process.env.HOME ? resolve(process.env.HOME) : undefined;
}

/** Why another user could have written into this folder, or undefined. */
function untrustedFolder(dir: string): string | undefined {
  if (typeof process.getuid !== 'function') return undefined; // Windows: no owners or mode bits
  let stat;
  try {
    stat = statSync(dir);
  } catch {
    return undefined;
  }
  if (stat.mode & 0o002) return 'is writable by every user';
  if (stat.uid !== process.getuid() && stat.uid !== 0) return 'belongs to another user';
  return undefined;
}

/**
 * Whether a name is there, as itself: a link to nothing or a loop of links is there (existsSync
 * follows links and said no, so a `.replylintrc.yml` link loop was skipped without a word, and
 * `--config loop.yml` said "no such file"); reading it then says what is wrong with it.
 */
function isPresent(path: string): boolean {
  try {
    // Most names are not there: no exception for that (each one built an error with its stack,
    // five per folder searched, at every start); any other error still says "not there".
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

function isConfigFile(path: string): boolean {
  if (!isPresent(path)) return false;
  if (!path.endsWith(`${sep}package.json`)) return true;
  try {
    return (
      (JSON.parse(readSettingsFile(path, 16 * MAX_SETTINGS_FILE_BYTES).toString('utf8')) as Record<string, unknown>)
        .replylint !== undefined
    );
  } catch {
    return false; // a broken package.json is npm's business, not a replylint configuration
  }
}

/** Bases first, then the file itself. */
function chainOf(config: ConfigFile): ConfigFile[] {
  return config.base ? [...chainOf(config.base), config] : [config];
}

const matchers = new Map<string, (path: string) => boolean>();
// Loaded at the first glob: a run without ignore/overrides does not pay for it.
let picomatch: typeof import('picomatch') | undefined;

/** Globs are relative to the folder of the configuration found (or given); `*.md` matches in any folder. */
function matches(globs: string[], relativePath: string | undefined): boolean {
  if (relativePath === undefined || globs.length === 0) return false;
  const key = JSON.stringify(globs);
  let match = matchers.get(key);
  const anywhere = globs.map((g) => (g.includes('/') ? g : `**/${g}`)); // like .gitignore
  picomatch ??= createRequire(import.meta.url)('picomatch') as typeof import('picomatch');
  if (!match) matchers.set(key, (match = picomatch(anywhere, { dot: true })));
  return match(relativePath);
}

/**
 * What of a configuration applies to one input: whether its `ignore` globs match, and which
 * `overrides` blocks do. Two inputs with the same scope key get the same settings and rules, so
 * a plan is worked out once per key (once per folder, in practice), not once per file.
 */
export interface ConfigScope {
  ignored: boolean;
  /** Whether its `collections:` globs name the file (a YAML/JSON template collection). */
  collection: boolean;
  /** The configuration file and the overrides that match, e.g. "/repo/.replylintrc.yml|0.2". */
  key: string;
  /** Per file of the chain (bases first), the indices of its overrides that match. */
  overrides: number[][];
}

export function configScope(config: ConfigFile | undefined, path: string | undefined): ConfigScope {
  if (!config) return { ignored: false, collection: false, key: '', overrides: [] };
  const rel = path === undefined ? undefined : relative(dirname(config.file), resolve(path)).split(sep).join('/');
  const inside = rel !== undefined && !rel.startsWith('../') && !isAbsolute(rel) ? rel : undefined;
  const chain = chainOf(config);
  const overrides = chain.map((c) => c.overrides.flatMap((o, i) => (matches(o.files, inside) ? [i] : [])));
  return {
    ignored: chain.some((c) => matches(c.ignore, inside)),
    collection: chain.some((c) => matches(c.collections, inside)),
    key: `${config.file}|${overrides.map((o) => o.join(',')).join('.')}`,
    overrides,
  };
}

export function resolveConfig(
  config: ConfigFile | undefined,
  path: string | undefined,
  scope = configScope(config, path),
): ResolvedConfig {
  if (!config) return { chain: [], ignored: false, collection: false, settings: {}, rulesDirs: [], ruleLayers: [] };
  const chain = chainOf(config);
  const layers: SettingsLayer[] = chain.flatMap((c, i) => [
    c.settings,
    ...scope.overrides[i]!.map((o) => c.overrides[o]!.settings),
  ]);
  const merged = mergeLayers(layers);
  return {
    file: config.file,
    chain: chain.map((c) => c.file),
    ignored: scope.ignored,
    collection: scope.collection,
    settings: merged.settings,
    lang: merged.lang,
    ...(merged.inReplyToFile === undefined ? {} : { inReplyToFile: merged.inReplyToFile }),
    rulesDirs: [...new Set(chain.flatMap((c) => c.rulesDirs))],
    ruleLayers: layers.map((l) => l.rules),
  };
}

/** Later layers win; brand merges field by field; vocabulary accumulates. */
function mergeLayers(layers: SettingsLayer[]): { settings: Settings; lang?: Lang; inReplyToFile?: string } {
  const settings: Settings = {};
  let lang: Lang | undefined;
  let inReplyToFile: string | undefined;
  for (const layer of layers) {
    if (layer.brand) settings.brand = { ...settings.brand, ...layer.brand };
    if (layer.responseTargetMinutes !== undefined) settings.responseTargetMinutes = layer.responseTargetMinutes;
    if (layer.vocabulary) settings.vocabulary = [...new Set([...(settings.vocabulary ?? []), ...layer.vocabulary])];
    if (layer.mode) settings.mode = layer.mode;
    if (layer.lintQuotedText !== undefined) settings.lintQuotedText = layer.lintQuotedText;
    if (layer.lang) lang = layer.lang;
    if (layer.inReplyToFile) inReplyToFile = layer.inReplyToFile;
  }
  return { settings, lang, inReplyToFile };
}

/**
 * A rule's level after the configuration: each layer in order; within a layer, the setting for
 * the rule's family applies first and the rule's own id last (the more specific name wins).
 */
export function ruleSetting(rule: CompiledRule, layers: RuleEntry[][]): RuleSetting {
  let setting: RuleSetting = rule.level;
  for (const layer of layers) {
    for (const entry of layer) if (entry.name === rule.family && entry.name !== rule.id) setting = entry.setting;
    for (const entry of layer) if (entry.name === rule.id) setting = entry.setting;
  }
  return setting;
}

/** Every `rules:` name in a configuration (overrides and bases included) must be a known rule or family. */
export function checkRuleNames(config: ConfigFile, rules: readonly CompiledRule[]): void {
  const known = new Set(rules.flatMap((r) => [r.id, r.family]));
  const errors = new ErrorCollector();
  for (const c of chainOf(config)) {
    for (const entry of [c.settings, ...c.overrides.map((o) => o.settings)].flatMap((s) => s.rules)) {
      if (known.has(entry.name)) continue;
      const { file, line, column, field } = entry.where;
      errors.errors.push(
        new RuleFileError(
          file,
          line,
          column,
          field,
          `unknown rule or family '${entry.name}'${closestHint(entry.name, known)}`,
        ),
      );
    }
  }
  errors.throwIfAny();
}
