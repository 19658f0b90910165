import { execAll } from '../exec-all.js';
import { patternGroup } from '../pattern/index.js';
import type { Check, RawMatch, RuleType } from '../rule.js';

/**
 * stale-date: a reply or template that names a date, campaign year or season already past when
 * it is sent ("valid until 31 March 2023", "our Summer Sale 2022"). Each pattern captures a
 * (?<year>...), and optionally (?<month>...) (a number, or a name starting with one of the prefixes `months` gives, "fév|fev") and (?<day>...);
 * the period named ends on that day, at the end of that month, or at the end of that year, and
 * is stale when it ended before timing.sentAt. Without sentAt the type is silent: "now" must come
 * from the input (a caller linting templates passes the current time), so the check stays pure.
 * Patterns should only capture forward-looking dates (offers, deadlines, campaigns): "you
 * ordered on 3 May" is a past date that is fine to name. Quotations of the customer do not count.
 */
export const staleDate: RuleType = {
  kind: 'reply',
  name: 'stale-date',
  doc: 'a day, month or year that ended before `timing.sentAt`',
  fields: [
    {
      name: 'patterns',
      type: 'patterns',
      required: true,
      doc: 'Patterns that capture a date in groups `(?<year>...)`, optionally `(?<month>...)` and `(?<day>...)`.',
    },
    {
      name: 'months',
      type: 'strings',
      required: true,
      doc: 'The 12 month names (or their first letters), January first.',
    },
  ],
  compile(reader, env): Check {
    const patterns = env.patterns(reader, 'patterns', { required: true }).map((regex, i) => {
      if (!regex.source.includes('(?<year>'))
        reader.fail(['patterns', i], 'must capture the year in a group (?<year>...)');
      return regex;
    });
    const months = reader.stringList('months').map((m) => m.toLocaleLowerCase());
    if (months.length !== 12)
      reader.fail('months', 'must list the 12 month names (or their first letters), January first');
    // No pattern a candidate: no date named, no finding (see withoutCandidates).
    const group = patternGroup(patterns, env.candidateAnchors);

    const check: Check = ({ doc, timing }) => {
      const now = timing?.sentAt;
      if (!now) return [];
      if (group && !group.mayMatch(doc.text)) return [];
      const found: RawMatch[] = [];
      for (const regex of patterns) {
        for (const m of execAll(regex, doc.text)) {
          const end = periodEnd(m.groups ?? {}, months);
          const span = { start: m.index!, end: m.index! + m[0].length };
          if (!end || end >= now || doc.insideQuotation(span)) continue;
          if (found.some((f) => f.span.start < span.end && span.start < f.span.end)) continue;
          found.push({ span });
        }
      }
      return found.sort((a, b) => a.span.start - b.span.start);
    };
    if (group) check.candidateAnchors = () => group.anchors;
    return check;
  },
  withoutCandidates: () => [],
  // "Now" comes from the input: without it no date is past.
  silent: ({ timing }) => !timing?.sentAt,
};

/** The last instant of the day, month or year a match names (UTC), or undefined if it is no date. */
export function periodEnd(groups: Record<string, string | undefined>, months: string[]): Date | undefined {
  const year = Number(groups.year);
  if (!Number.isInteger(year)) return undefined;
  let month = groups.month === undefined ? undefined : monthIndex(groups.month, months);
  let day = groups.day === undefined ? undefined : Number(groups.day);
  // 12/31/2023 written month first: a "month" above 12 is the day.
  if (month !== undefined && month > 11 && day !== undefined && day <= 12) [month, day] = [day - 1, month + 1];
  if (month === undefined || month < 0 || month > 11) return new Date(Date.UTC(year + 1, 0, 1) - 1);
  if (day === undefined || !(day >= 1 && day <= 31)) return new Date(Date.UTC(year, month + 1, 1) - 1);
  return new Date(Date.UTC(year, month, day + 1) - 1);
}

function monthIndex(text: string, months: string[]): number {
  const lower = text.toLocaleLowerCase();
  if (/^\d+$/.test(lower)) return Number(lower) - 1;
  return months.findIndex((names) => names.split('|').some((name) => lower.startsWith(name)));
}
