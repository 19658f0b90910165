import { BoundedPattern } from './bounded.js';

/** What callers of the pattern engine ask: every match, the first one, or whether there is one. */
export interface PatternMatch {
  start: number;
  end: number;
}

const NO_MATCHES: readonly PatternMatch[] = Object.freeze([]);

/**
 * Every match, in order. An array, not a generator: called for every pattern on every reply.
 * `candidate`: the candidate index already let the pattern through (PatternGroup.candidates).
 */
export function matchAll(regex: RegExp, text: string, candidate = false): readonly PatternMatch[] {
  const anchorsChecked = regex instanceof BoundedPattern;
  if (anchorsChecked && !candidate && !regex.mayMatch(text)) return NO_MATCHES;
  const matches: PatternMatch[] = [];
  let from = 0;
  for (
    let m = execFrom(regex, text, from, anchorsChecked);
    m !== null;
    m = execFrom(regex, text, from, anchorsChecked)
  ) {
    if (m[0].length === 0) {
      from = m.index + 1;
      continue;
    }
    from = m.index + m[0].length;
    matches.push({ start: m.index, end: from });
  }
  return matches;
}

export function firstMatch(regex: RegExp, text: string, from = 0, to = text.length): PatternMatch | undefined {
  // A part holds no anchor the whole text lacks: asked of the whole text, whose marks are kept,
  // rather than of a new cut string for every candidate finding.
  const anchorsChecked = regex instanceof BoundedPattern;
  if (anchorsChecked && !regex.mayMatch(text)) return undefined;
  const branches = anchorsChecked ? regex.branches() : null;
  if (branches) {
    // The whole's first match is the earliest branch match, the first branch on a tie.
    let first: PatternMatch | undefined;
    for (const branch of branches) {
      const m = firstMatch(branch, text, from, to);
      if (m && (!first || m.start < first.start)) first = m;
    }
    return first;
  }
  // Cut at `to` so that a miss does not scan the rest of a long reply (one scan per candidate
  // finding made long replies quadratic); what comes before `from` stays visible to lookbehinds.
  for (
    let m = execFrom(regex, text, from, anchorsChecked, to);
    m !== null && m.index < to;
    m = execFrom(regex, text, from, anchorsChecked, to)
  ) {
    if (m[0].length === 0) {
      from = m.index + 1;
      continue;
    }
    if (m.index + m[0].length <= to) return { start: m.index, end: m.index + m[0].length };
    from = m.index + m[0].length;
  }
  return undefined;
}

/**
 * Whether the pattern matches inside [from, to): for presence-only callers (requires, unless,
 * signals). Any branch of a long alternation will do: no need to find the earliest.
 */
export function hasMatch(regex: RegExp, text: string, from = 0, to = text.length): boolean {
  if (regex instanceof BoundedPattern) {
    if (!regex.mayMatch(text)) return false;
    const branches = regex.branches();
    if (branches) return branches.some((branch) => firstMatch(branch, text, from, to) !== undefined);
  }
  return firstMatch(regex, text, from, to) !== undefined;
}

/** The first match at or after `from` (rule patterns through their fast path). */
function execFrom(
  regex: RegExp,
  text: string,
  from: number,
  anchorsChecked = false,
  to = text.length,
): RegExpExecArray | null {
  if (regex instanceof BoundedPattern) return regex.find(text, from, anchorsChecked, false, to);
  regex.lastIndex = from;
  return regex.exec(to < text.length ? text.slice(0, to) : text);
}
