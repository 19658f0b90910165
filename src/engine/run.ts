import { levelRank, type Finding, type Span } from '../diagnostics.js';
import type { ReplyDocument } from '../document/document.js';
import type { CheckInput, CompiledRule, AnsweredMessage, RawMatch, ReplyRule, Settings, Timing } from './rule.js';
import { acceptedSpans, onlyAccepted } from './vocabulary.js';
import { isSpace } from '../core/white-space.js';

/**
 * `when` lists conditions on the message answered; the rule runs if any holds ("!x" means the
 * message does not have signal x). With no message, a conditional rule cannot know, so it stays
 * silent rather than guess.
 */
export function appliesTo(rule: CompiledRule, message: AnsweredMessage | undefined): boolean {
  if (rule.when.length === 0) return true;
  if (!message) return false;
  return rule.when.some((c) => (c.startsWith('!') ? !message.has(c.slice(1)) : message.has(c)));
}

// The reply rules of each language, split once per rule list (an audit passes the same list for every reply).
const byLanguage = new WeakMap<readonly CompiledRule[], Map<string, ReplyRule[]>>();

function rulesOf(rules: readonly CompiledRule[], lang: string): ReplyRule[] {
  let split = byLanguage.get(rules);
  if (!split) {
    split = new Map();
    for (const rule of rules) if (rule.kind === 'reply') split.set(rule.lang, [...(split.get(rule.lang) ?? []), rule]);
    byLanguage.set(rules, split);
  }
  return split.get(lang) ?? [];
}

/** Whether a finding is turned off (an inline directive, a collection comment): then it is not even formatted. */
export type FindingFilter = (start: number, rule: string, family: string) => boolean;

/** Runs the rules of the reply's language over one reply. Pure: no I/O, no printing. */
export function lintReply(
  doc: ReplyDocument,
  message: AnsweredMessage | undefined,
  rules: readonly CompiledRule[],
  extra: { settings?: Settings; timing?: Timing; isOff?: FindingFilter } = {},
): Finding[] {
  if (doc.isBlank()) return [];
  const findings: Finding[] = [];
  // The team's vocabulary is honoured here, once, so that every rule type respects it.
  const accepted = acceptedSpans(doc.source, extra.settings?.vocabulary);
  // One input for all the rules (checks are pure and only read it): not one copy per rule and reply.
  const input: CheckInput = { doc, message, settings: extra.settings, timing: extra.timing };
  const isOff = extra.isOff;
  for (const rule of rulesOf(rules, doc.lang)) {
    if (!appliesTo(rule, message)) continue;
    const raw = rule.check(input);
    // Most rules find nothing in a reply: then nothing is allocated for them (no list, no grouping).
    if (raw.length === 0) continue;
    const own: RawMatch[] = [];
    for (const match of raw) {
      if (onlyAccepted(doc.source, match.span, accepted)) continue;
      const span = coverLinks(doc, match.span);
      // A fix computed for the match no longer fits a span widened to cover a link.
      const fix = span.start === match.span.start && span.end === match.span.end ? match.fix : undefined;
      // A copy (grouping widens its span): the fields of a RawMatch, without an object spread.
      own.push({ span, fix, vars: match.vars, score: match.score, message: match.message });
    }
    // Words to rewrite are grouped; items to fill in (placeholders) or to compare stay one each.
    // A finding turned off is dropped before its message is formatted.
    for (const match of GROUPED_TYPES.has(rule.type) ? grouped(doc, own) : own) {
      if (!isOff?.(match.span.start, rule.id, rule.family)) findings.push(toFinding(rule, doc, match));
    }
  }
  return onePerSentence(doc, findings).sort((a, b) => a.span.start - b.span.start || byCodePoint(a.rule, b.rule));
}

/** The word rule types: their matches in one sentence are one thing to rewrite (see grouped). */
const GROUPED_TYPES = new Set(['existence', 'classifier']);

/**
 * One finding per problem, within a family (hostile-tone, dismissive-reply, deletion-threat...):
 * - a model's finding in a sentence where a member already found something at the same level or
 *   above is the same problem read twice (the tone model reading as dismissal the words
 *   dismissive-reply matched), so only the pattern's stays: its words are exact;
 * - a pattern's finding whose words lie inside a finding of the family at a higher level is the
 *   same words read twice (the warning on "if you keep insulting our staff" inside the error on
 *   "if you keep insulting our staff, your account will be blocked"): rewriting the worse one
 *   rewrites it, so only that one stays.
 * Two findings of patterns at one level stay as they were (two phrasings, two fixes), and so do
 * findings that reach other words of the sentence ("That's on you, and if you keep posting" beside
 * the threat on "keep posting this we'll ban you").
 */
function onePerSentence(doc: ReplyDocument, findings: Finding[]): Finding[] {
  if (findings.length < 2) return findings;
  // Only findings of one family in one sentence are compared: a reply of thousands of findings
  // stays linear in their number, not quadratic.
  const groups = new Map<string, number[]>();
  findings.forEach((f, i) => {
    const key = `${f.family}\u0000${doc.sentenceAt(f.span.start).start}`;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  const dropped = new Set<number>();
  for (const group of groups.values())
    for (const i of group) if (group.some((k) => k !== i && covers(findings[k]!, k, findings[i]!, i))) dropped.add(i);
  return dropped.size === 0 ? findings : findings.filter((_, i) => !dropped.has(i));
}

/** Whether `other` (index k) already says what `f` (index i) says: see onePerSentence. */
function covers(other: Finding, k: number, f: Finding, i: number): boolean {
  const above = levelRank(other.level) - levelRank(f.level);
  if (f.score !== undefined) return above >= 0 && (other.score === undefined || k < i);
  return above > 0 && other.span.start <= f.span.start && f.span.end <= other.span.end;
}

/**
 * One finding per problem: the matches of one rule on the same link, or in the same sentence,
 * are one thing to rewrite ("self-promotion" three times in one sales line, "link-deflection"
 * twice for one link), so they make one finding covering them all. Matches that carry a fix
 * stay apart: each fix replaces its own words.
 */
function grouped(doc: ReplyDocument, matches: RawMatch[]): RawMatch[] {
  const kept: RawMatch[] = [];
  // Keyed by the sentence each match starts in: one map lookup a match, so a reply with thousands
  // of findings stays linear (a scan of the groups so far made it quadratic).
  const bySentence = new Map<number, RawMatch>();
  let last: RawMatch | undefined;
  for (const match of matches) {
    if (match.fix !== undefined) {
      kept.push(match);
      continue;
    }
    const key = doc.sentenceAt(match.span.start).start;
    const overlapsLast = last !== undefined && last.span.start < match.span.end && match.span.start < last.span.end;
    const group = overlapsLast ? last : bySentence.get(key);
    if (group) {
      group.span = {
        start: Math.min(group.span.start, match.span.start),
        end: Math.max(group.span.end, match.span.end),
      };
      continue;
    }
    bySentence.set(key, match);
    kept.push(match);
    last = match;
  }
  return kept;
}

// Rule ids are [a-z0-9-], where code-point order is the locale's; localeCompare would load ICU's
// collator on first use (35-80 ms of a 100 ms start-up).
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A match that touches a link covers all of it: the user sees the URL, not its first letter. */
function coverLinks(doc: ReplyDocument, span: Span): Span {
  let { start, end } = span;
  const links = doc.links;
  for (let i = 0; i < links.length; i++) {
    const link = links[i]!;
    if (link.start < end && start < link.end) {
      start = Math.min(start, link.start);
      end = Math.max(end, link.end);
    }
  }
  return { start, end };
}

function toFinding(rule: CompiledRule, doc: ReplyDocument, match: RawMatch): Finding {
  const vars = { match: quoteOf(doc.source.slice(match.span.start, match.span.end)), ...match.vars };
  const finding: Finding = {
    rule: rule.id,
    family: rule.family,
    tip: rule.tip,
    level: rule.level,
    message: fill(match.message ?? rule.message, vars),
    span: match.span,
  };
  if (match.score !== undefined) finding.score = match.score;
  if (rule.suggest) finding.suggestion = fill(rule.suggest, vars);
  if (match.fix !== undefined) finding.fix = { span: match.span, text: match.fix };
  return finding;
}

/** The matched text as it reads in a message: white space folded, long matches shortened. */
function quoteOf(text: string): string {
  // Most matches are words with single spaces between them: nothing to fold, no regex replace.
  const folded = foldedAlready(text) ? text : text.replace(/\s+/gu, ' ').trim();
  return folded.length > 60 ? `${folded.slice(0, 57)}...` : folded;
}

/**
 * Whether `text.replace(/\s+/gu, ' ').trim()` is the text itself: no white space but single
 * spaces, none at either end. (\s and trim() take the same characters: ECMAScript's WhiteSpace
 * and LineTerminator.)
 */
export function foldedAlready(text: string): boolean {
  const n = text.length;
  if (n === 0) return true;
  if (text.charCodeAt(0) === 32 || text.charCodeAt(n - 1) === 32) return false;
  let previous = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (previous === 32) return false;
    } else if (isSpace(c)) return false;
    previous = c;
  }
  return true;
}

/**
 * A message template cut once at its {name} variables: even parts are text, odd parts names.
 * Filling it is then a join, not a regex replace with a callback per finding (an audit formats
 * a message and a suggestion for most replies).
 */
const templates = new Map<string, string[]>();

function templateParts(template: string): string[] {
  let parts = templates.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    if (templates.size < 10_000) templates.set(template, parts); // a message given per match may vary
  }
  return parts;
}

function fill(template: string, vars: Record<string, string>): string {
  const parts = templateParts(template);
  if (parts.length === 1) return template;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    out += (vars[name] ?? `{${name}}`) + parts[i + 1]!;
  }
  return out;
}

/** A corpus finding: reported on one reply, pointing at another. */
export interface CorpusFinding {
  doc: ReplyDocument;
  finding: Finding;
  other: ReplyDocument;
  otherSpan: Span;
}

/**
 * Runs one corpus rule (a rule judging the whole run, e.g. canned-duplicate) once, over the
 * replies of the run it compares (in its language, linted with the settings it asked for).
 * `{other}` in its message names the other reply.
 */
export function lintCorpus(
  rule: CompiledRule,
  docs: readonly ReplyDocument[],
  settings: readonly (Settings | undefined)[],
  notify?: (doc: ReplyDocument, message: string) => void,
): CorpusFinding[] {
  if (rule.kind !== 'corpus') return [];
  const onBound = notify && ((doc: number, message: string) => notify(docs[doc]!, `${rule.id}: ${message}`));
  return rule.corpus.judge(docs, settings, onBound).map((m) => {
    const [doc, other] = [docs[m.doc]!, docs[m.other]!];
    const finding = toFinding(rule, doc, { span: m.span, vars: { other: labelOf(other, doc), ...m.vars } });
    return { doc, finding, other, otherSpan: m.otherSpan };
  });
}

/** "'refund-delay'" for a template of the same file, "'refund-delay' in a.yml" or "b.txt" otherwise. */
function labelOf(other: ReplyDocument, from: ReplyDocument): string {
  const entry = other.origin?.entry;
  if (entry === undefined) return other.name;
  return other.name === from.name ? `'${entry}'` : `'${entry}' in ${other.name}`;
}
