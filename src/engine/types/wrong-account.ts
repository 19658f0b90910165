import { execAll } from '../exec-all.js';
import { BoundedPattern, patternGroup } from '../pattern/index.js';
import type { Token } from '../../document/segment.js';
import type { Check, RawMatch, RuleType, Settings } from '../rule.js';

/**
 * wrong-account: the reply signs with, or speaks for, an account other than the one it is sent
 * from ("— The Globex team" on Acme's account), the classic slip of a manager who runs several
 * accounts. Each pattern captures the name it sees in a group named `account`; words listed in
 * `ignore` ("team", "support", "the"...) are dropped from it, and what is left counts as an
 * account only if it holds a @handle or a capitalised word (so "the support team" is not a brand). It is
 * compared with settings.brand.name and settings.brand.handles, letters and digits only, in
 * either direction ("Acme" on "Acme Air", "@acme_help" on "Acme"). Silent when no brand is set.
 */
export const wrongAccount: RuleType = {
  kind: 'reply',
  name: 'wrong-account',
  needs: ['brand'],
  doc: 'a captured name that is not `brand.name` nor one of `brand.handles` (`{account}`, `{brand}`)',
  fields: [
    {
      name: 'patterns',
      type: 'patterns',
      required: true,
      doc: 'Patterns that capture a name the reply signs or speaks as, in a group `(?<account>...)`.',
    },
    { name: 'ignore', type: 'strings', doc: 'Captured names that are not accounts (generic words, department names).' },
  ],
  compile(reader, env): Check {
    const patterns = env.patterns(reader, 'patterns', { required: true }).map((regex, i) => {
      if (!regex.source.includes('(?<account>'))
        reader.fail(['patterns', i], 'must capture the name in a group (?<account>...)');
      // A BoundedPattern keeps its exact word boundaries (and fast path) with the indices flag.
      // A copy with match indices; the pattern itself was parsed (or validated at build) already.
      return regex instanceof BoundedPattern
        ? new BoundedPattern(regex, `${regex.flags}d`, true, regex.env)
        : new RegExp(regex.source, `${regex.flags}d`);
    });
    const ignore = new Set(reader.stringList('ignore').map((w) => w.toLocaleLowerCase()));
    // No pattern a candidate: nothing captured, no finding (see withoutCandidates).
    const group = patternGroup(patterns, env.candidateAnchors);

    const check: Check = ({ doc, settings }) => {
      const ours = ownNames(settings);
      if (ours.length === 0) return [];
      if (group && !group.mayMatch(doc.text)) return [];
      const found: RawMatch[] = [];
      for (const regex of patterns) {
        for (const m of execAll(regex, doc.text)) {
          const [start, end] = m.indices?.groups?.account ?? [0, 0];
          if (end <= start || doc.insideQuotation({ start, end })) continue;
          if (found.some((f) => f.span.start < end && start < f.span.end)) continue;
          const words = nameWords(doc.source, start, end, ignore);
          if (words.length === 0) continue;
          const name = key(words.map((w) => w.text).join(''));
          if (name.length < 2 || ours.some((own) => own.includes(name) || name.includes(own))) continue;
          const span = { start: words[0]!.start, end: words[words.length - 1]!.end };
          found.push({ span, vars: { account: doc.source.slice(span.start, span.end), brand: brandLabel(settings!) } });
        }
      }
      return found.sort((a, b) => a.span.start - b.span.start);
    };
    if (group) check.candidateAnchors = () => group.anchors;
    return check;
  },
  withoutCandidates: () => [],
  // Without a brand name or handle there is nothing to compare a captured name with.
  silent: ({ settings }) => ownNames(settings).length === 0,
};

/**
 * The words of a captured name that can name an account: generic words (`ignore`) dropped, and
 * lower-case words trimmed at both ends ("Initech is sorry" → "Initech"). Empty when nothing in
 * it is a @handle, a capitalised word or a number: "the support team" names no brand.
 */
function nameWords(source: string, start: number, end: number, ignore: Set<string>): Token[] {
  const words: Token[] = [];
  for (const m of source.slice(start, end).matchAll(/\S+/gu)) {
    if (!ignore.has(m[0].toLocaleLowerCase()))
      words.push({ text: m[0], start: start + m.index, end: start + m.index + m[0].length });
  }
  const isName = (w: Token) => /^(?:@|\p{Lu}|\p{N})/u.test(w.text);
  while (words.length && !isName(words[0]!)) words.shift();
  while (words.length && !isName(words[words.length - 1]!)) words.pop();
  return words;
}

/** Letters and digits, lower-cased: "@Acme_Help" and "Acme Help" compare equal. */
function key(name: string): string {
  return name.toLocaleLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function ownNames(settings: Settings | undefined): string[] {
  const brand = settings?.brand;
  return [brand?.name, ...(brand?.handles ?? [])]
    .filter((n): n is string => !!n)
    .map(key)
    .filter((k) => k.length >= 2);
}

function brandLabel(settings: Settings): string {
  return settings.brand?.name ?? settings.brand?.handles?.[0] ?? '';
}
