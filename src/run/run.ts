import type { CompiledRule, Settings } from '../engine/rule.js';
import { Corpus, lintCollection, lintText } from '../lint.js';
import { DEFAULT_FIELDS, type CollectionFields } from '../sources/collection.js';
import { withFrontMatter, type ReplyInput } from '../sources/front-matter.js';
import { DEFAULT_MAX_BYTES, formatOf, isCollectionPath, readTextFile } from '../sources/read.js';
import type { FixSession } from '../fix/session.js';
import type { RuleInfo, RunResult } from '../report/result.js';
import { defaultMode, type FilePlan, type Planner } from './plan.js';
import { isMessageFile, readSiblingMessage } from '../context/sibling.js';

/**
 * One input of a run: a file to read, or a text already read (stdin); a file's `text`, when
 * given, is used instead of reading it (an editor's unsaved buffer of that file).
 */
export type RunInput = { path: string; text?: string } | { name: string; text: string };

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
  const corpus = new Corpus();
  for (const input of inputs) {
    const path = 'path' in input ? input.path : undefined;
    const plan = options.planner.forFile(path);
    if (plan.config.ignored || isSiblingMessage(path, plan)) continue;
    const read = readInput(input, options);
    if (!read.ok) {
      result.notices.push(read.notice);
      continue;
    }
    for (const rule of plan.rules) if (!ran.has(rule.id)) ran.set(rule.id, rule);
    if (path !== undefined && isCollectionPath(path)) await lintTemplates(read.input, path, plan, options, corpus, result);
    else await lintOne(read.input, path, plan, options, corpus, result);
  }
  result.diagnostics.push(...corpus.findings());
  result.notices.push(...(options.fixer?.notices ?? []));
  result.rules = [...ran.values()].map(ruleInfo);
  return result;
}

type ReadInput = { ok: true; input: ReplyInput } | { ok: false; notice: RunResult['notices'][number] };

function readInput(input: RunInput, options: RunOptions): ReadInput {
  if (!('path' in input)) return { ok: true, input: { name: input.name, text: input.text, format: 'text', when: [] } };
  if (input.text !== undefined) return { ok: true, input: withFrontMatter({ name: input.path, text: input.text, format: formatOf(input.path) }, options.fields) };
  const read = readTextFile(input.path, options.maxBytes ?? DEFAULT_MAX_BYTES);
  return read.ok ? { ok: true, input: withFrontMatter(read.input, options.fields) } : read;
}

function settingsFor(plan: FilePlan, options: RunOptions, path: string | undefined, isCollection: boolean): Settings {
  return { ...plan.settings, mode: options.mode ?? plan.settings.mode ?? defaultMode(path, isCollection) };
}

/** One reply; with a fixer, its fixes are applied and only the fixed text joins the corpus. */
async function lintOne(input: ReplyInput, path: string | undefined, plan: FilePlan, options: RunOptions, corpus: Corpus, result: RunResult): Promise<void> {
  result.files.push(input.name);
  const request = {
    name: input.name,
    text: input.text,
    format: input.format,
    lang: plan.lang,
    inReplyTo: input.inReplyTo ?? options.inReplyTo ?? siblingMessage(input.name, path, plan, result),
    when: input.when,
    settings: settingsFor(plan, options, path, false),
  };
  const { fixer } = options;
  const diagnostics = await lintText(request, plan.ruleSet, plan.rules, fixer ? undefined : corpus);
  if (!fixer) return void result.diagnostics.push(...diagnostics);
  const fixed = await fixer.apply(input.name, input.text, input.encoding, diagnostics);
  result.diagnostics.push(...(await lintText({ ...request, text: fixed ?? input.text }, plan.ruleSet, plan.rules, corpus)));
}

/** Every template of a collection (YAML/JSON), in template mode unless told otherwise. */
async function lintTemplates(input: ReplyInput, path: string, plan: FilePlan, options: RunOptions, corpus: Corpus, result: RunResult): Promise<void> {
  const inReplyTo = options.inReplyTo ?? siblingMessage(input.name, path, plan, result);
  const request = { name: input.name, text: input.text, lang: plan.lang, inReplyTo, settings: settingsFor(plan, options, path, true), fields: options.fields };
  const linted = await lintCollection(request, plan.ruleSet, plan.rules, corpus);
  if (!linted.ok) return void result.notices.push({ file: input.name, kind: 'error', message: linted.message });
  if (linted.templates === 0) {
    const body = (options.fields?.body ?? DEFAULT_FIELDS.body).join(', ');
    return void result.notices.push({ file: input.name, kind: 'skipped', message: `no templates found (body field: ${body}), skipped` });
  }
  result.files.push(input.name);
  result.diagnostics.push(...linted.diagnostics);
}

/** A file that is the message of a reply beside it (the configuration's inReplyToFile) is not a reply. */
function isSiblingMessage(path: string | undefined, plan: FilePlan): boolean {
  return path !== undefined && plan.config.inReplyToFile !== undefined && isMessageFile(path, plan.config.inReplyToFile);
}

/** The message a reply answers from the file its configuration names beside it (inReplyToFile), if there is one. */
function siblingMessage(name: string, path: string | undefined, plan: FilePlan, result: RunResult): string | undefined {
  if (path === undefined || plan.config.inReplyToFile === undefined) return undefined;
  const sibling = readSiblingMessage(path, plan.config.inReplyToFile);
  if (sibling && 'problem' in sibling) result.notices.push({ file: name, kind: 'skipped', message: `in-reply-to file ${sibling.path}: ${sibling.problem}; linted without it` });
  return sibling && 'text' in sibling ? sibling.text : undefined;
}

function ruleInfo(rule: CompiledRule): RuleInfo {
  const { id, family, tip, level, description, why, suggest } = rule;
  return { id, family, tip, level, description, why, suggest };
}
