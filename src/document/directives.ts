import type { Span } from '../diagnostics.js';
import { htmlCommentSpans } from './placeholders.js';

/**
 * Inline disables, as ESLint has them: `replylint-disable [rule, ...]` turns rules (or
 * families) off until `replylint-enable [rule, ...]`; `replylint-disable-next-line [rule, ...]`
 * covers the next line, `replylint-disable-line` its own line. No rule names means all rules.
 * The directives come from HTML comments in a reply, or from `#` comments in a YAML collection
 * (there, offsets are file offsets and each template is judged as a whole, at its start).
 */
export interface Directive {
  kind: 'disable' | 'enable' | 'disable-next-line' | 'disable-line';
  rules: string[];
  /** The comment's range (offsets in the text it was found in). */
  span: Span;
}

interface State {
  all: boolean;
  /** Rules off (when not all), or rules back on (when all). */
  names: Set<string>;
}

const DIRECTIVE = /^\s*replylint-(disable-next-line|disable-line|disable|enable)\b([^\n]*)$/;

/** Parses the inside of one comment; anything else is not a directive. */
export function parseDirective(comment: string, span: Span): Directive | undefined {
  const m = DIRECTIVE.exec(comment.replace(/\s*(-->)?\s*$/, ''));
  if (!m) return undefined;
  const rules = m[2]!
    .replace(/\s--\s.*$/, '')
    .split(/[\s,]+/)
    .filter(Boolean);
  return { kind: m[1] as Directive['kind'], rules, span };
}

const nowhere = (): Span => ({ start: 0, end: 0 });
let noSuppressions: Suppressions | undefined;

export class Suppressions {
  private readonly timeline: { at: number; state: State }[] = [];
  private readonly lines: { span: Span; rules: string[] }[] = [];

  constructor(
    directives: readonly Directive[],
    /** The line around an offset (for -line). */
    lineAt: (offset: number) => Span,
    /** What "the next line" after a comment ending at an offset covers. */
    nextLine: (afterOffset: number) => Span,
  ) {
    let state: State = { all: false, names: new Set() };
    for (const d of [...directives].sort((a, b) => a.span.start - b.span.start)) {
      if (d.kind === 'disable-next-line') this.lines.push({ span: nextLine(d.span.end), rules: d.rules });
      else if (d.kind === 'disable-line') this.lines.push({ span: lineAt(d.span.start), rules: d.rules });
      else {
        state = apply(state, d);
        this.timeline.push({ at: d.span.end, state });
      }
    }
  }

  /** No directive: shared, since a Suppressions never changes once built. */
  static none(): Suppressions {
    return (noSuppressions ??= new Suppressions([], nowhere, nowhere));
  }

  /** The directives of HTML comments in a reply's text. */
  static ofText(text: string): Suppressions {
    const directives = htmlDirectives(text);
    if (directives.length === 0) return Suppressions.none();
    return new Suppressions(
      directives,
      (offset) => lineSpanAt(text, offset),
      (after) => lineSpanAt(text, nextLineStart(text, after)),
    );
  }

  /** Whether a finding of this rule (or family) at this offset is disabled. */
  covers(offset: number, rule: string, family: string): boolean {
    const named = (names: Iterable<string>) => [...names].some((n) => n === rule || n === family);
    // Binary searches, not scans: a collection asks once per template, and one with a comment
    // before each of 20,000 templates was quadratic. Lines are in order of start; the running
    // maximum of their ends says when no earlier line can reach the offset.
    const lines = this.sortedLines();
    for (
      let i = lastAtOrBefore(lines.length, (j) => lines[j]!.span.start, offset);
      i >= 0 && lines[i]!.maxEnd >= offset;
      i--
    ) {
      const { span, rules } = lines[i]!;
      if (offset <= span.end && (rules.length === 0 || named(rules))) return true;
    }
    const at = lastAtOrBefore(this.timeline.length, (j) => this.timeline[j]!.at, offset);
    const current = at >= 0 ? this.timeline[at]!.state : undefined;
    if (!current) return false;
    return current.all ? !named(current.names) : named(current.names);
  }

  private sorted: { span: Span; rules: string[]; maxEnd: number }[] | undefined;
  private sortedLines(): { span: Span; rules: string[]; maxEnd: number }[] {
    if (this.sorted) return this.sorted;
    let maxEnd = -1;
    this.sorted = [...this.lines]
      .sort((a, b) => a.span.start - b.span.start)
      .map((line) => ({ ...line, maxEnd: (maxEnd = Math.max(maxEnd, line.span.end)) }));
    return this.sorted;
  }
}

/** The last index i < length with key(i) <= value (keys ascending), or -1. */
export function lastAtOrBefore(length: number, key: (i: number) => number, value: number): number {
  let low = 0;
  let high = length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (key(mid) <= value) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

function apply(state: State, d: Directive): State {
  const names = new Set(state.names);
  if (d.rules.length === 0) return { all: d.kind === 'disable', names: new Set() };
  // Inside "disable all", naming a rule in enable lists it as back on; otherwise as off.
  const add = (d.kind === 'disable') !== state.all;
  for (const rule of d.rules) {
    if (add) names.add(rule);
    else names.delete(rule);
  }
  return { all: state.all, names };
}

/** Directives written in HTML comments in a reply (Markdown or plain text). */
export function htmlDirectives(text: string): Directive[] {
  return htmlCommentSpans(text).flatMap((span) => parseDirective(text.slice(span.start + 4, span.end - 3), span) ?? []);
}

/** The line (without its break) that holds an offset. */
export function lineSpanAt(text: string, offset: number): Span {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  // A scan to the line's end, not a search of the rest of the text (a copy per call made a
  // collection with a comment before each template quadratic).
  let end = offset;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return { start, end };
}

/** Where the line after the one holding an offset starts. */
export function nextLineStart(text: string, offset: number): number {
  const end = lineSpanAt(text, offset).end;
  return text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end + 1;
}
