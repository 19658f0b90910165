import type { CompiledRule, Settings, Timing } from '../engine/rule.js';
import { Corpus, lintCollection, lintText, unknownDirectiveRules } from '../lint.js';
import { isBuiltinRule, ruleDocUrl } from '../core/rule-docs-url.js';
import { DEFAULT_FIELDS, type CollectionFields } from '../sources/collection.js';
import { withFrontMatter, type ReplyInput } from '../sources/front-matter.js';
import { DEFAULT_MAX_BYTES, formatOf, isCollectionPath, readTextFile, type FileStamp } from '../sources/read.js';
import { markdownOverBounds } from '../document/markdown.js';
import type { FixSession } from '../fix/session.js';
import type { RuleInfo, RunResult } from '../report/result.js';
import { defaultMode, type FilePlan, type Planner } from './plan.js';
import { isMessageFile, readSiblingMessage } from '../answered/sibling.js';

/**
 * One input of a run: a file to read, or a text already read (stdin, an editor's buffer), which
 * may have a path (--stdin-filename) giving its format and configuration. `collection` says
 * whether a file is a YAML/JSON template collection (default: by its extension).
 */
export type RunInput = { path: string; collection?: boolean } | { name: string; text: string; path?: string };

export interface RunOptions {
  /** Resolves each input's configuration and rules (once per folder). */
  planner: Planner;
  /** Forces draft or template mode; otherwise the configuration's, or the default for the path. */
  mode?: Settings['mode'];
  /** The text of the message answered, for every input (a file's own front matter wins). */
  inReplyTo?: string;
  /** Field names of collections and of Markdown front matter. */
  fields?: Partial<CollectionFields>;
  maxBytes?: number;
  /** --fix / --fix-dry-run: each reply's safe fixes are applied, and the fixed text is linted again. */
  fixer?: FixSession;
  /** Filled with each file read, as it was read (so that --output never replaces an input). */
  inputsRead?: FileStamp[];
  /** When the replies are sent (--now, default now); a reply's own sent_at / received_at win. */
  timing?: Timing;
  /** --no-ignore: the configuration's `ignore:` does not apply. */
  noIgnore?: boolean;
  /** Settings that win over the configuration's (the library's `settings` option). */
  settings?: Settings;
}

/**
 * The run, for any front end (the CLI, an editor, a server, the library): each input's plan is
 * resolved once; the input is read (with its front matter), linted, fixed, and joins the corpus;
 * the corpus rules run after the last input. The result is what every report format is made
 * from; callers only format it. Inputs that cannot be read become notices, never exceptions.
 */
export async function runLint(inputs: readonly RunInput[], options: RunOptions): Promise<RunResult> {
  const result: RunResult = { files: [], diagnostics: [], notices: [] };
  const ran = new Map<string, CompiledRule>();
  const recorded = new Set<readonly CompiledRule[]>();
  const corpus = new Corpus();
  for (const input of inputs) {
    const path = input.path;
    const plan = options.planner.forFile(path);
    if ((plan.config.ignored && !options.noIgnore) || isSiblingMessage(path, plan)) continue;
    const read = readInput(input, options);
    if (!read.ok) {
      result.notices.push(read.notice);
      continue;
    }
    // The files of a folder share their plan's list of rules: it is recorded once, not per file.
    if (!recorded.has(plan.rules)) {
      recorded.add(plan.rules);
      for (const rule of plan.rules) if (!ran.has(rule.id)) ran.set(rule.id, rule);
    }
    const collection =
      'collection' in input && input.collection !== undefined
        ? input.collection
        : path !== undefined && isCollectionPath(path);
    if (path !== undefined && collection) await lintTemplates(read.input, path, plan, options, corpus, result);
    else await lintOne(read.input, path, plan, options, corpus, result);
  }
  // A corpus rule stopped by its bound says so, at the reply it stopped at.
  result.diagnostics.push(
    ...corpus.findings((doc, message) => result.notices.push({ file: doc.name, kind: 'warning', message })),
  );
  result.notices.push(...(options.fixer?.notices ?? []));
  result.rules = [...ran.values()].map(ruleInfo);
  return result;
}

type ReadInput = { ok: true; input: ReplyInput } | { ok: false; notice: RunResult['notices'][number] };

function readInput(input: RunInput, options: RunOptions): ReadInput {
  if ('text' in input) {
    const format = input.path === undefined ? 'text' : formatOf(input.path);
    return { ok: true, input: withFrontMatter({ name: input.name, text: input.text, format }, options.fields) };
  }
  const read = readTextFile(input.path, options.maxBytes ?? DEFAULT_MAX_BYTES);
  if (read.ok && read.input.stamp) options.inputsRead?.push(read.input.stamp);
  return read.ok ? { ok: true, input: withFrontMatter(read.input, options.fields) } : read;
}

function settingsFor(plan: FilePlan, options: RunOptions, path: string | undefined, isCollection: boolean): Settings {
  const settings = { ...plan.settings, ...options.settings };
  return { ...settings, mode: options.mode ?? settings.mode ?? defaultMode(path, isCollection) };
}

/** One reply; with a fixer, its fixes are applied and only the fixed text joins the corpus. */
async function lintOne(
  input: ReplyInput,
  path: string | undefined,
  plan: FilePlan,
  options: RunOptions,
  corpus: Corpus,
  result: RunResult,
): Promise<void> {
  result.files.push(input.name);
  const overBounds = input.format === 'markdown' ? markdownOverBounds(input.text) : undefined;
  if (overBounds)
    result.notices.push({
      file: input.name,
      kind: 'skipped',
      message: `Markdown too complex for the parser (${overBounds}): linted as plain text`,
    });
  reportUnknownDirectives(input, plan, false, result);
  const request = {
    name: input.name,
    text: input.text,
    format: input.format,
    lang: plan.lang,
    inReplyTo: input.inReplyTo ?? options.inReplyTo ?? siblingMessage(input.name, path, plan, result),
    when: input.when,
    settings: settingsFor(plan, options, path, false),
    timing: options.timing,
    times: { receivedAt: input.receivedAt, sentAt: input.sentAt },
    onWarning: warnAbout(input.name, result),
  };
  const { fixer } = options;
  const diagnostics = await lintText(request, plan.ruleSet, plan.rules, fixer ? undefined : corpus);
  if (!fixer) return void result.diagnostics.push(...diagnostics);
  const fixed = await fixer.apply(input.name, input.text, input.encoding, diagnostics, input.stamp);
  result.diagnostics.push(
    ...(await lintText({ ...request, text: fixed ?? input.text }, plan.ruleSet, plan.rules, corpus)),
  );
}

/** Every template of a collection (YAML/JSON), in template mode unless told otherwise. */
async function lintTemplates(
  input: ReplyInput,
  path: string,
  plan: FilePlan,
  options: RunOptions,
  corpus: Corpus,
  result: RunResult,
): Promise<void> {
  reportUnknownDirectives(input, plan, true, result);
  const request = {
    name: input.name,
    text: input.text,
    lang: plan.lang,
    inReplyTo: options.inReplyTo ?? siblingMessage(input.name, path, plan, result),
    settings: settingsFor(plan, options, path, true),
    fields: options.fields,
    timing: options.timing,
    onWarning: warnAbout(input.name, result),
  };
  const linted = await lintCollection(request, plan.ruleSet, plan.rules, corpus);
  if (!linted.ok) return void result.notices.push({ file: input.name, kind: 'error', message: linted.message });
  if (linted.templates === 0) {
    const body = (options.fields?.body ?? DEFAULT_FIELDS.body).join(', ');
    return void result.notices.push({
      file: input.name,
      kind: 'skipped',
      message: `no templates found (body field: ${body}), skipped`,
    });
  }
  result.files.push(input.name);
  result.diagnostics.push(...linted.diagnostics);
}

/** A file that is the message of a reply beside it (the configuration's inReplyToFile) is not a reply. */
function isSiblingMessage(path: string | undefined, plan: FilePlan): boolean {
  return (
    path !== undefined && plan.config.inReplyToFile !== undefined && isMessageFile(path, plan.config.inReplyToFile)
  );
}

/** The message a reply answers from the file its configuration names beside it (inReplyToFile), if there is one. */
function siblingMessage(name: string, path: string | undefined, plan: FilePlan, result: RunResult): string | undefined {
  if (path === undefined || plan.config.inReplyToFile === undefined) return undefined;
  const sibling = readSiblingMessage(path, plan.config.inReplyToFile);
  if (sibling && 'problem' in sibling)
    result.notices.push({
      file: name,
      kind: 'skipped',
      message: `in-reply-to file ${sibling.path}: ${sibling.problem}; linted without it`,
    });
  return sibling && 'text' in sibling ? sibling.text : undefined;
}

/** Used but partly wrong input (a received_at that is not a time): a warning, the reply is still linted. */
function warnAbout(file: string, result: RunResult): (message: string) => void {
  return (message) => result.notices.push({ file, kind: 'warning', message });
}

/** Rule names in disable comments that no rule has: reported, since they disable nothing. */
function reportUnknownDirectives(input: ReplyInput, plan: FilePlan, collection: boolean, result: RunResult): void {
  for (const unknown of unknownDirectiveRules(input.text, plan.ruleSet, collection))
    result.notices.push({ file: input.name, kind: 'warning', message: unknown.message });
}

function ruleInfo(rule: CompiledRule): RuleInfo {
  const { id, family, tip, level, description, why, suggest } = rule;
  const info: RuleInfo = { id, family, tip, level, description, why, suggest };
  // Worked out when a report reads it (SARIF): the address comes from package.json, a file a
  // pre-send check in any other format need not read.
  if (isBuiltinRule(rule)) Object.defineProperty(info, 'docsUrl', { enumerable: true, get: () => ruleDocUrl(id) });
  return info;
}
