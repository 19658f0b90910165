/**
 * Every match of a global regex, with its groups, as String.prototype.matchAll gives them, but
 * run on the regex itself. matchAll runs on a copy made through the regex's constructor: for a
 * BoundedPattern that copy starts cold (its case form, literal, scout and sticky regexes are
 * worked out and compiled again), once per pattern for every reply.
 */
export function execAll(regex: RegExp, text: string): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    matches.push(m);
    // An empty match would be found again at the same place: step over one character, as matchAll does.
    if (m[0] === '') regex.lastIndex = advance(text, regex.lastIndex, regex.unicode);
  }
  return matches;
}

function advance(text: string, index: number, unicode: boolean): number {
  return index + (unicode && (text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1);
}
