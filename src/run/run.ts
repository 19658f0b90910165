import type { CompiledRule, Settings } from '../engine/rule.js';
import { Corpus, lintCollection, lintText } from '../lint.js';
import { DEFAULT_FIELDS, type CollectionFields } from '../sources/collection.js';
import { withFrontMatter, type ReplyInput } from '../sources/front-matter.js';
import { DEFAULT_MAX_BYTES, isCollectionPath, readTextFile } from '../sources/read.js';
import type { FixSession } from '../fix/session.js';
import type { RuleInfo, RunResult } from '../report/result.js';
import { defaultMode, type FilePlan, type Planner } from './plan.js';

/** One input of a run: a file to read, or a text already read (stdin, an editor's buffer). */
export type RunInput = { path: string } | { name: string; text: string };

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
    if (plan.config.ignored) continue;
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
    inReplyTo: input.inReplyTo ?? options.inReplyTo,
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
  const request = { name: input.name, text: input.text, lang: plan.lang, inReplyTo: options.inReplyTo, settings: settingsFor(plan, options, path, true), fields: options.fields };
  const linted = await lintCollection(request, plan.ruleSet, plan.rules, corpus);
  if (!linted.ok) return void result.notices.push({ file: input.name, kind: 'error', message: linted.message });
  if (linted.templates === 0) {
    const body = (options.fields?.body ?? DEFAULT_FIELDS.body).join(', ');
    return void result.notices.push({ file: input.name, kind: 'skipped', message: `no templates found (body field: ${body}), skipped` });
  }
  result.files.push(input.name);
  result.diagnostics.push(...linted.diagnostics);
}

function ruleInfo(rule: CompiledRule): RuleInfo {
  const { id, family, tip, level, description, why, suggest } = rule;
  return { id, family, tip, level, description, why, suggest };
}
