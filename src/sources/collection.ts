import type { Alias, Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { yamlModule } from '../core/yaml.js';

// The yaml package is loaded on the first collection or front matter, not at start-up: a
// pre-send draft never needs it.
const isMap = (node: unknown): node is YAMLMap => yamlModule().isMap(node);
const isSeq = (node: unknown): node is YAMLSeq => yamlModule().isSeq(node);
const isScalar = (node: unknown): node is Scalar => yamlModule().isScalar(node);
const isAlias = (node: unknown): node is Alias => yamlModule().isAlias(node);
import type { Span } from '../diagnostics.js';
import { SourceOrigin } from '../document/origin.js';
import { mapScalar } from './scalar-map.js';
import {
  lastAtOrBefore,
  lineSpanAt,
  nextLineStart,
  parseDirective,
  Suppressions,
  type Directive,
} from '../document/directives.js';

/**
 * Template collections: YAML or JSON files holding canned replies as a list or a map of entries
 * (`- id: refund-delay\n  when: complaint\n  body: |\n    Hi {{first_name}}, ...`). Each entry
 * becomes one reply whose positions map back into the file (see SourceOrigin).
 */
export interface CollectionFields {
  /** Fields holding the reply; the first present wins. */
  body: string[];
  /** Fields naming the template (otherwise its key in a map, or its index). */
  id: string[];
  /** Fields naming signals of the message the template answers ("complaint"). */
  when: string[];
  /** Fields holding the text of the message the template answers. */
  inReplyTo: string[];
  /** When the message answered arrived / the reply is sent (ISO 8601), for rules about timing. */
  receivedAt: string[];
  sentAt: string[];
}

export const DEFAULT_FIELDS: CollectionFields = {
  body: ['body', 'text', 'reply', 'content'],
  id: ['id', 'name', 'title'],
  when: ['when'],
  inReplyTo: ['in_reply_to'],
  receivedAt: ['received_at'],
  sentAt: ['sent_at'],
};

export interface TemplateEntry {
  id: string;
  text: string;
  origin: SourceOrigin;
  when: string[];
  inReplyTo?: string;
  /** received_at / sent_at as written (lint.ts reads them as times). */
  receivedAt?: string;
  sentAt?: string;
  /** The entry's whole range in the file (for comments that apply to "the template that follows"). */
  range: Span;
  /** Whether a `# replylint-disable...` comment of the file turns this rule off for this template. */
  disabled: (rule: string, family: string) => boolean;
}

export type CollectionResult = { ok: true; entries: TemplateEntry[] } | { ok: false; message: string };

/**
 * Bounds of one collection (issue 12, H10). The yaml parser keeps about a kilobyte per value, so
 * a 5 MB JSON list of a million short strings took 3 GB and 80 s: values are counted by the
 * lexer first (a fraction of a second per 5 MB, no tree), and a file over the bound is not parsed.
 * Templates are bounded because canned-duplicate compares every template of a run with the earlier
 * ones (10,000 near-duplicates: about half a minute); the text because an alias repeats its
 * anchor's text in every template that names it.
 */
export const COLLECTION_BOUNDS = { values: 200_000, templates: 10_000, textChars: 5 * 1024 * 1024 };

/** The one-line reason a collection is over a bound, or undefined. */
function overValueBound(fileText: string): string | undefined {
  // A value takes two characters at least ("a,"): a smaller file cannot be over the bound.
  if (fileText.length < 2 * COLLECTION_BOUNDS.values) return undefined;
  let values = 0;
  for (const token of new (yamlModule().Lexer)().lex(fileText)) {
    if (isValueToken(token) && ++values > COLLECTION_BOUNDS.values) {
      return `collection too large: over ${COLLECTION_BOUNDS.values} values (the bound on values per collection): not linted, split the file`;
    }
  }
  return undefined;
}

// The lexer marks a plain scalar with \x1f before it; quoted and block scalars and aliases start with their sign.
const isValueToken = (token: string) => token === '\x1f' || /^["'*|>]/.test(token);

export function readCollection(fileText: string, fields: Partial<CollectionFields> = {}): CollectionResult {
  const all: CollectionFields = { ...DEFAULT_FIELDS, ...fields };
  const tooMany = overValueBound(fileText);
  if (tooMany) return { ok: false, message: tooMany };
  const { LineCounter, parseDocument } = yamlModule();
  const lines = new LineCounter();
  const doc = parseDocument(fileText, {
    keepSourceTokens: true,
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: false,
    logLevel: 'error',
  });
  const error = doc.errors[0];
  if (error) {
    const { line, col } = lines.linePos(error.pos[0]);
    return {
      ok: false,
      message: `${line}:${col}: not valid YAML/JSON: ${/call stack/.test(error.message) ? 'nested too deeply to read' : error.message.split('\n')[0]}`,
    };
  }
  const walk: Walk = { fileText, fields: all, entries: [], bodies: [], doc, text: 0 };
  collect(doc.contents, undefined, 0, walk);
  const over = overTemplateBounds(walk);
  if (over) return { ok: false, message: over };
  const suppressions = yamlSuppressions(fileText, walk);
  for (const entry of walk.entries)
    entry.disabled = (rule, family) => suppressions.covers(entry.range.start, rule, family);
  return { ok: true, entries: walk.entries };
}

function overTemplateBounds(walk: Walk): string | undefined {
  const { templates } = COLLECTION_BOUNDS;
  // The walk stops just past a bound: "over", not a count it did not finish.
  if (walk.entries.length > templates) {
    return `collection too large: over ${templates} templates (the bound per collection): not linted, split the file`;
  }
  // Text is counted in UTF-16 code units, as the linter holds it.
  if (walk.text > textLimit(walk.fileText)) {
    return `collection too large: its templates hold over ${textLimit(walk.fileText)} characters (the bound per collection; aliases repeat their anchor's text): not linted`;
  }
  return undefined;
}

/**
 * `# replylint-disable[-next-line] rule` comments of a collection. "Next line" means the template
 * that follows: its whole entry. Lines inside a reply's text are not comments, even with a "#".
 */
function yamlSuppressions(fileText: string, walk: Walk): Suppressions {
  // Bodies and entries are in file order and do not overlap: binary searches (a scan per comment
  // made a collection with a comment before each template quadratic).
  const bodies = [...walk.bodies].sort((a, b) => a.start - b.start);
  const inBody = (offset: number) => {
    const i = lastAtOrBefore(bodies.length, (j) => bodies[j]!.start, offset);
    return i >= 0 && offset < bodies[i]!.end;
  };
  const entries = [...walk.entries].sort((a, b) => a.range.start - b.range.start);
  const directives: Directive[] = [];
  for (const m of fileText.matchAll(/^[ \t]*#([^\r\n]*)/gm)) {
    if (inBody(m.index)) continue;
    const directive = parseDirective(m[1]!, { start: m.index, end: m.index + m[0].length });
    if (directive) directives.push(directive);
  }
  if (directives.length === 0) return Suppressions.none();
  const lineAt = (offset: number) => lineSpanAt(fileText, offset);
  const followingEntry = (after: number): Span => {
    let line = lineAt(nextLineStart(fileText, after));
    while (line.end < fileText.length && /^\s*(#.*)?$/.test(fileText.slice(line.start, line.end)))
      line = lineAt(nextLineStart(fileText, line.end));
    // The first entry that overlaps the line: the last starting at or before its end, or the one before.
    const i = lastAtOrBefore(entries.length, (j) => entries[j]!.range.start, line.end);
    const overlaps = (e: TemplateEntry | undefined) =>
      e !== undefined && e.range.start <= line.end && line.start < e.range.end;
    const entry = overlaps(entries[i - 1]) ? entries[i - 1] : overlaps(entries[i]) ? entries[i] : undefined;
    return entry?.range ?? line;
  };
  return new Suppressions(directives, lineAt, followingEntry);
}

/** `when:` and `in_reply_to:` (or the configured fields) of a Markdown file's front matter. */
export function readMetadata(
  yamlText: string,
  fields: Partial<CollectionFields> = {},
): { when: string[]; inReplyTo?: string; receivedAt?: string; sentAt?: string } {
  const all: CollectionFields = { ...DEFAULT_FIELDS, ...fields };
  const doc = yamlModule().parseDocument(yamlText, { prettyErrors: false, logLevel: 'error' });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return { when: [] };
  const inReplyTo = stringOf(doc.contents, all.inReplyTo, doc);
  const meta: { when: string[]; inReplyTo?: string; receivedAt?: string; sentAt?: string } = {
    when: stringsOf(doc.contents, all.when, doc),
  };
  if (inReplyTo !== undefined) meta.inReplyTo = inReplyTo;
  addTimes(meta, doc.contents, all, doc);
  return meta;
}

function addTimes(
  target: { receivedAt?: string; sentAt?: string },
  map: YAMLMap,
  fields: CollectionFields,
  doc: Document,
): void {
  const receivedAt = stringOf(map, fields.receivedAt, doc);
  const sentAt = stringOf(map, fields.sentAt, doc);
  if (receivedAt !== undefined) target.receivedAt = receivedAt;
  if (sentAt !== undefined) target.sentAt = sentAt;
}

interface Walk {
  fileText: string;
  fields: CollectionFields;
  entries: TemplateEntry[];
  /** Ranges of the reply texts: a "#" line there is text, not a comment. */
  bodies: Span[];
  /** The parsed file, to follow aliases (`body: *greeting`) to their anchor. */
  doc: Document;
  /** The templates' text so far (UTF-16 code units), for the bound on it. */
  text: number;
}

/**
 * Whether the walk has passed a bound: then it stops (overTemplateBounds says which). Aliases of
 * aliases multiply (three levels of a thousand are a billion templates): checked as it goes.
 */
function overBounds(walk: Walk): boolean {
  return walk.entries.length > COLLECTION_BOUNDS.templates || walk.text > textLimit(walk.fileText);
}

/** The bound on the templates' text: the file's own length is always allowed. */
const textLimit = (fileText: string) => Math.max(COLLECTION_BOUNDS.textChars, fileText.length);

/**
 * The node an alias stands for (`*greeting` → the node anchored `&greeting`), else the node.
 * A template whose body is an alias was skipped as "no templates found" (issue 12, W6); it is
 * linted, and its findings point at the anchored text, where the words are. Following an alias
 * is a lookup, never an expansion: an alias bomb costs nothing here (collections' bounds apply).
 */
function deref(node: unknown, doc: Document): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

const MAX_DEPTH = 3;

/**
 * Finds templates: maps with a body field, in lists or maps (possibly under a key such as
 * `macros:`), or a flat map or list of strings (id → text). A record in a list that has no body
 * field is not a template, and its other strings are not replies.
 */
function collect(node: unknown, key: string | undefined, depth: number, walk: Walk, inList = false): void {
  if (depth > MAX_DEPTH || overBounds(walk)) return;
  node = deref(node, walk.doc);
  if (isMap(node)) {
    if (bodyOf(node, walk)) return addEntry(node, key, walk);
    if (inList) return;
    const flat = node.items.every((p) => isScalar(deref(p.value, walk.doc)));
    for (const pair of node.items) {
      if (overBounds(walk)) return;
      const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (flat) addString(deref(pair.value, walk.doc), name, walk);
      else collect(pair.value, name, depth + 1, walk);
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      if (overBounds(walk)) return;
      const value = deref(item, walk.doc);
      if (isScalar(value)) addString(value, `#${i + 1}`, walk);
      else collect(value, `#${i + 1}`, depth + 1, walk, true);
    }
  }
}

/** The reply text of a template map (the first body field holding a string), aliases followed. */
function bodyOf(map: YAMLMap, walk: Walk): Scalar<string> | undefined {
  for (const name of walk.fields.body) {
    const value = valueOf(map, name, walk.doc);
    if (isScalar(value) && typeof value.value === 'string') return value as Scalar<string>;
  }
  return undefined;
}

/**
 * A field's value, aliases followed; a field the map takes from a merge key (`<<: *defaults`,
 * YAML 1.1, common in template files) counts too, after the map's own fields.
 */
function valueOf(map: YAMLMap, name: string, doc: Document, depth = 0): unknown {
  const own = map.items.find((p) => isScalar(p.key) && p.key.value === name) as Pair | undefined;
  if (own) return deref(own.value, doc);
  if (depth > MAX_DEPTH) return undefined;
  for (const pair of map.items) {
    if (!isScalar(pair.key) || (pair.key.value !== '<<' && typeof pair.key.value !== 'symbol')) continue;
    const merged = deref(pair.value, doc);
    const sources = isSeq(merged) ? merged.items.map((item) => deref(item, doc)) : [merged];
    for (const source of sources) {
      const value = isMap(source) ? valueOf(source, name, doc, depth + 1) : undefined;
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

function stringOf(map: YAMLMap, names: string[], doc: Document): string | undefined {
  for (const name of names) {
    const value = valueOf(map, name, doc);
    if (isScalar(value) && (typeof value.value === 'string' || typeof value.value === 'number'))
      return String(value.value);
  }
  return undefined;
}

function stringsOf(map: YAMLMap, names: string[], doc: Document): string[] {
  return names.flatMap((name) => {
    const value = valueOf(map, name, doc);
    if (isScalar(value)) return typeof value.value === 'string' ? value.value.split(/\s*,\s*/).filter(Boolean) : [];
    if (isSeq(value)) return value.items.flatMap((i) => (isScalar(i) && typeof i.value === 'string' ? [i.value] : []));
    return [];
  });
}

function addEntry(map: YAMLMap, key: string | undefined, walk: Walk): void {
  const body = bodyOf(map, walk)!;
  const id = stringOf(map, walk.fields.id, walk.doc) ?? key ?? `#${walk.entries.length + 1}`;
  const entry = toEntry(body, id, rangeOf(map), walk);
  entry.when = stringsOf(map, walk.fields.when, walk.doc);
  const inReplyTo = stringOf(map, walk.fields.inReplyTo, walk.doc);
  if (inReplyTo !== undefined) entry.inReplyTo = inReplyTo;
  addTimes(entry, map, walk.fields, walk.doc);
  walk.entries.push(entry);
}

function addString(node: unknown, id: string | undefined, walk: Walk): void {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.value.trim()) return;
  walk.entries.push(toEntry(node as Scalar<string>, id ?? `#${walk.entries.length + 1}`, rangeOf(node), walk));
}

function toEntry(body: Scalar<string>, id: string, range: Span, walk: Walk): TemplateEntry {
  const fileText = walk.fileText;
  const mapped = mapScalar(fileText, body);
  walk.bodies.push(rangeOf(body));
  const text = body.value;
  walk.text += text.length;
  // A scalar the decoder could not follow: every character points at the whole value, never elsewhere.
  const [start, end] = body.range ?? [range.start, range.end];
  const from = mapped?.from ?? new Array<number>(text.length).fill(start);
  const to = mapped?.to ?? new Array<number>(text.length).fill(end);
  return { id, text, origin: new SourceOrigin(fileText, from, to, id), when: [], range, disabled: () => false };
}

function rangeOf(node: Node): Span {
  const [start, , end] = node.range ?? [0, 0, 0];
  return { start, end };
}
