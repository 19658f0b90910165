import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { InputNotice } from '../diagnostics.js';
import { DEFAULT_FIELDS } from './collection.js';
import { COLLECTION_EXTENSIONS, describeFsError, walkFolder } from './read.js';
import { yamlModule } from '../core/yaml.js';
import { UsageError } from '../core/errors.js';

/**
 * From what the command line names to the files to lint, as ESLint and Vale users expect:
 *  - a file is linted as named (a named file that an ignore file or pattern covers is skipped
 *    with a warning, exit 0, as ESLint does);
 *  - a folder yields its reply files only: text, Markdown, and the YAML/JSON files that are
 *    template collections (by content, or by the configuration's `collections:` globs), never
 *    lockfiles, package.json, node_modules or dot-folders;
 *  - a quoted glob (`'replies/**\/*.txt'`) is expanded (tinyglobby), and yields reply files as a
 *    folder does;
 *  - `.replylintignore` (gitignore syntax, read with the `ignore` package, the one ESLint uses),
 *    `--ignore-path`, `--ignore-pattern` and `--no-ignore` decide what is left out.
 */
export interface ExpandOptions {
  /** Where relative paths, globs and --ignore-pattern are read from (default: the current folder). */
  cwd?: string;
  /** --ignore-path: this file instead of `.replylintignore`. */
  ignorePath?: string;
  /** --ignore-pattern (gitignore syntax, relative to cwd). */
  ignorePatterns?: string[];
  /** --no-ignore: no ignore file, no patterns, no configuration `ignore:`. */
  noIgnore?: boolean;
  /** What the configuration of a file says about it: `ignore:` and `collections:` globs. */
  configOf?: (path: string) => { ignored: boolean; collection: boolean };
  /** Collection fields holding a template's text (--body-field, configuration). */
  bodyFields?: string[];
}

export interface ExpandedInput {
  path: string;
  /** Named on the command line (not found in a folder or by a glob). */
  explicit: boolean;
  /** Read as a YAML/JSON collection of templates. */
  collection: boolean;
}

export const IGNORE_FILE = '.replylintignore';

const REPLY_EXTENSIONS = new Set(['.txt', '.text', '.md', '.markdown', '.mdx']);
/** Tooling files a folder may hold that are never replies, whatever their content. */
const NEVER_REPLIES =
  /^(package(-lock)?\.json|npm-shrinkwrap\.json|pnpm-lock\.ya?ml|yarn\.lock|composer\.(json|lock)|tsconfig(\..*)?\.json|jsconfig\.json|replylint\.config\.yml|\.?replylintrc\.(ya?ml|json)|renovate\.json|lerna\.json|deno\.json|bun\.lockb?)$/i;
const GLOB_CHARS = /[*?[\]{}!]/;

type Ignore = { ignores(path: string): boolean; add(patterns: string | string[]): Ignore };
type IgnoreFactory = (options?: { allowRelativePaths?: boolean }) => Ignore;
type GlobSync = (patterns: string[], options: Record<string, unknown>) => string[];

const requireHere = createRequire(import.meta.url);

/** Patterns relative to one folder, gitignore rules. */
interface IgnoreSource {
  base: string;
  matcher: Ignore;
  label: string;
}

function ignoreSources(options: ExpandOptions, cwd: string): IgnoreSource[] {
  if (options.noIgnore) return [];
  const sources: IgnoreSource[] = [];
  const factory = () => (requireHere('ignore') as IgnoreFactory)();
  const file = options.ignorePath ?? join(cwd, IGNORE_FILE);
  if (options.ignorePath !== undefined && !existsSync(options.ignorePath))
    throw new UsageError(`--ignore-path ${options.ignorePath}: no such file`);
  if (existsSync(file)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`${file}: ${describeFsError(error)}`);
    }
    sources.push({ base: dirname(resolve(cwd, file)), matcher: factory().add(text), label: basename(file) });
  }
  if (options.ignorePatterns?.length)
    sources.push({ base: cwd, matcher: factory().add(options.ignorePatterns), label: '--ignore-pattern' });
  return sources;
}

/** The ignore source that covers a path (a folder: with a trailing slash, as gitignore wants). */
function ignoredBy(sources: IgnoreSource[], absolute: string, isDirectory: boolean): string | undefined {
  for (const source of sources) {
    const rel = relative(source.base, absolute).split(sep).join('/');
    if (rel === '' || rel.startsWith('../') || isAbsolute(rel)) continue; // outside: gitignore says nothing
    if (source.matcher.ignores(isDirectory ? `${rel}/` : rel)) return source.label;
  }
  return undefined;
}

/** Whether .replylintignore (or --ignore-path) and --ignore-pattern cover a path (for --stdin-filename). */
export function isIgnored(
  path: string,
  options: Pick<ExpandOptions, 'cwd' | 'ignorePath' | 'ignorePatterns'>,
): boolean {
  const cwd = resolve(options.cwd ?? process.cwd());
  return ignoredBy(ignoreSources(options, cwd), resolve(cwd, path), false) !== undefined;
}

/**
 * A YAML/JSON file is a template collection by content when it holds records with a body
 * field (`body`, `text`, `reply`, `content`, or the configured ones) that is a string, at most
 * three levels down: a flat map of strings (a settings file, a lockfile) is not.
 */
export function holdsTemplates(text: string, bodyFields: readonly string[] = DEFAULT_FIELDS.body): boolean {
  if (!bodyFields.some((field) => text.includes(field))) return false;
  const { parseDocument, isMap, isSeq, isScalar } = yamlModule();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) return false;
  const visit = (node: unknown, depth: number): boolean => {
    if (depth > 3) return false;
    if (isMap(node)) {
      const hasBody = node.items.some(
        (p) =>
          isScalar(p.key) &&
          bodyFields.includes(String(p.key.value)) &&
          isScalar(p.value) &&
          typeof p.value.value === 'string',
      );
      return hasBody || node.items.some((p) => visit(p.value, depth + 1));
    }
    return isSeq(node) && node.items.some((item) => visit(item, depth + 1));
  };
  return visit(doc.contents, 0);
}

export function expandInputs(
  args: string[],
  options: ExpandOptions = {},
): { inputs: ExpandedInput[]; notices: InputNotice[] } {
  const cwd = resolve(options.cwd ?? process.cwd());
  const sources = ignoreSources(options, cwd);
  const configOf = (path: string) =>
    options.configOf ? options.configOf(path) : { ignored: false, collection: false };
  const inputs: ExpandedInput[] = [];
  const notices: InputNotice[] = [];
  const seen = new Set<string>();
  const add = (input: ExpandedInput) => {
    const key = resolve(cwd, input.path);
    if (!seen.has(key)) (seen.add(key), inputs.push(input));
  };

  /** A file found in a folder or by a glob: kept only if it is a reply file and not ignored. */
  const found = (path: string): void => {
    const absolute = resolve(cwd, path);
    if (ignoredBy(sources, absolute, false)) return;
    const name = basename(path);
    if (NEVER_REPLIES.test(name)) return;
    const ext = extname(name).toLowerCase();
    const config = configOf(path);
    if (!options.noIgnore && config.ignored) return;
    if (REPLY_EXTENSIONS.has(ext)) return add({ path, explicit: false, collection: false });
    if (!COLLECTION_EXTENSIONS.has(ext)) return;
    if (config.collection || isTemplateFile(absolute, options.bodyFields))
      add({ path, explicit: false, collection: true });
  };

  const walk = (root: string): void =>
    walkFolder(root, {
      cwd,
      onFile: found,
      onError: (dir, error) => notices.push({ file: dir, kind: 'error', message: describeFsError(error) }),
      keepFolder: (path) => !ignoredBy(sources, resolve(cwd, path), true),
    });

  for (const arg of args) {
    let stat;
    try {
      stat = statSync(resolve(cwd, arg));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && GLOB_CHARS.test(arg)) {
        expandGlob(arg, cwd, found, notices);
        continue;
      }
      notices.push({ file: arg, kind: 'error', message: describeFsError(error) });
      continue;
    }
    if (stat.isDirectory()) {
      walk(arg);
      continue;
    }
    const by =
      ignoredBy(sources, resolve(cwd, arg), false) ??
      (!options.noIgnore && configOf(arg).ignored ? 'the configuration (ignore:)' : undefined);
    if (by) {
      notices.push({ file: arg, kind: 'warning', message: `ignored by ${by}, not linted (--no-ignore lints it)` });
      continue;
    }
    add({ path: arg, explicit: true, collection: COLLECTION_EXTENSIONS.has(extname(arg).toLowerCase()) });
  }
  return { inputs, notices };
}

function expandGlob(pattern: string, cwd: string, found: (path: string) => void, notices: InputNotice[]): void {
  const { globSync } = requireHere('tinyglobby') as { globSync: GlobSync };
  // Dot entries and node_modules are left out, as in a folder; results sorted, as a folder's are.
  const matches = globSync([pattern], {
    cwd,
    dot: false,
    onlyFiles: true,
    ignore: ['**/node_modules/**'],
    expandDirectories: false,
  }).sort();
  if (matches.length === 0) {
    notices.push({ file: pattern, kind: 'error', message: 'no files match this pattern' });
    return;
  }
  const relativeToArg = isAbsolute(pattern) ? (m: string) => resolve(cwd, m) : (m: string) => m;
  for (const match of matches) found(relativeToArg(match));
}

function isTemplateFile(path: string, bodyFields?: string[]): boolean {
  try {
    // Collections are small; one over 5 MB is read (and skipped with a notice) by the lint step.
    if (statSync(path).size > 5 * 1024 * 1024) return true;
    return holdsTemplates(readFileSync(path, 'utf8'), bodyFields?.length ? bodyFields : undefined);
  } catch {
    return true; // unreadable: the lint step reports it
  }
}
