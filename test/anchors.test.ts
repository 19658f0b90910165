import { describe, expect, it } from 'vitest';
import { requiredAnchors } from '../src/engine/pattern/anchors.js';
import { CandidateIndex } from '../src/engine/pattern/candidates.js';
import {
  BoundedPattern,
  compilePattern,
  expandPattern,
  lowerLiterals,
  matchAll,
  PatternEnv,
  patternGroup,
} from '../src/engine/pattern/index.js';
import { LINK_MARK } from '../src/document/document.js';

const sorted = (items: string[]) => [...items].sort();

describe('literal anchors of a pattern', () => {
  it('multiplies out small alternatives into whole literals', () => {
    // Cut to eight characters: a text that holds "they mute" holds "they mut".
    expect(sorted(requiredAnchors('(we|they) (ban|mute)'))).toEqual(
      sorted(['we ban', 'we mute', 'they ban', 'they mut']),
    );
    expect(requiredAnchors('delet(e|ed|ing)')).toEqual(['delete', 'deleting']); // "deleted" holds "delete"
    expect(requiredAnchors('ban(ned)?')).toEqual(['ban']);
    // Not "already " (the first eight characters of "already answered this"): "answered" is in every such text.
    expect(sorted(requiredAnchors('(already )?(answered|covered) (this|that)'))).toEqual(['answered', 'covered ']);
  });

  it('takes the most selective piece of a sequence, around what it cannot know', () => {
    expect(requiredAnchors('\\w+\\s+fault')).toEqual(['fault']);
    expect(requiredAnchors('(?!not )bad(ly)? \\d+')).toEqual(['bad ', 'badly ']);
    // The fewest copies of a repeated piece join the literal around it.
    expect(requiredAnchors('x{2,20} much')).toEqual(['xx much']);
    expect(requiredAnchors('(ab)+cd')).toEqual(['abcd']);
    expect(requiredAnchors('(word)+')).toEqual(['word']);
    expect(sorted(requiredAnchors("we[’']ll"))).toEqual(sorted(['we’ll', "we'll"]));
    expect(requiredAnchors(`read {link}`.replace('{link}', LINK_MARK))).toEqual([`read ${LINK_MARK}`]);
    expect(requiredAnchors(`${LINK_MARK}`)).toEqual([LINK_MARK]); // rare enough on its own
    expect(requiredAnchors('#[\\p{L}_][\\p{L}\\p{N}_]*')).toEqual(['#']); // so is a hashtag's sign
    expect(requiredAnchors('!!|\\?!')).toEqual(['!!', '?!']); // weak, still sound
  });

  it('counts the copies a repeated piece must have', () => {
    // Not "er" (in nearly every reply): the second r is part of every match.
    expect(sorted(requiredAnchors('(err+|umm+|hmm+)[,.!]'))).toEqual(sorted(['err', 'umm', 'hmm']));
    // Not "f": at least one star follows it, and one precedes the "ing".
    expect(sorted(requiredAnchors('(damn|f\\*+k|f\\*+ing)'))).toEqual(sorted(['damn', 'f*', '*ing']));
    expect(requiredAnchors('a{2}b')).toEqual(['aab']);
    expect(requiredAnchors('(ab){3}')).toEqual(['ababab']);
    expect(requiredAnchors('no{0,3} way')).toEqual([' way']);
  });

  it('prefers the piece that is not a very common word', () => {
    // As short as 'odd' and fewer, but nearly every reply holds 'the' or 'your'.
    expect(sorted(requiredAnchors('(your|the)\\s+(dumb|silly|lame|daft|naff|odd)'))).toEqual(
      sorted(['dumb', 'silly', 'lame', 'daft', 'naff', 'odd']),
    );
    // Common words are still anchors when nothing else is.
    expect(sorted(requiredAnchors('(your|the)\\s+\\w+'))).toEqual(['the', 'your']);
  });

  it('claims nothing when a branch or a piece could do without a literal', () => {
    expect(requiredAnchors('(a|b)|cd[a-z]')).toEqual(['a', 'b', 'cd']); // weak but sound
    expect(requiredAnchors('(a|[b-c])|cdef')).toEqual([]);
    expect(requiredAnchors('ban|')).toEqual([]);
    expect(requiredAnchors('(fault)*')).toEqual([]);
    expect(requiredAnchors('[a-z]{3}')).toEqual([]);
    expect(requiredAnchors('(?<w>word) \\k<w>')).toEqual(['word ']);
    expect(requiredAnchors('(unclosed')).toEqual([]);
  });

  it('reads escapes as the characters they stand for', () => {
    expect(requiredAnchors('much\\?')).toEqual(['much?']);
    expect(requiredAnchors('caf\\u00e9\\x21')).toEqual(['café!']);
    expect(requiredAnchors('new\\nline')).toEqual(['new\nline']);
  });

  it('never rules out a text the pattern matches (random patterns and texts)', () => {
    let seed = 20261125;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const atoms = [
      'a',
      'b',
      'ab',
      'ba',
      'abc',
      'cab',
      'bca',
      '[ab]',
      '[^a]',
      '.',
      '\\.',
      '\\s',
      ' ',
      'c',
      '\\u0061',
      '\\b',
    ];
    const pattern = (depth: number): string => {
      const parts = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        const roll = random();
        let piece =
          roll < 0.2 && depth > 0 ? `(${pick(['', '?:', '?=', '?!', '?<='])}${pattern(depth - 1)})` : pick(atoms);
        if (random() < 0.3) piece += pick(['?', '*', '+', '{1,2}', '{0,1}', '{2}', '+?']);
        return piece;
      });
      return random() < 0.25 ? `${parts.join('')}|${pattern(depth - 1)}` : parts.join('');
    };
    let checked = 0;
    let anchored = 0;
    for (let i = 0; i < 3000; i++) {
      const source = pattern(3);
      let regex: RegExp;
      try {
        regex = new RegExp(source, 'u');
      } catch {
        continue;
      }
      const anchors = requiredAnchors(source);
      if (anchors.length > 0) anchored++;
      for (let j = 0; j < 20; j++) {
        const text = Array.from({ length: Math.floor(random() * 10) }, () => pick(['a', 'b', 'c', ' ', '.', 'd'])).join(
          '',
        );
        if (regex.test(text)) {
          checked++;
          expect(
            anchors.length === 0 || anchors.some((a) => text.includes(a)),
            `${source} on ${JSON.stringify(text)}`,
          ).toBe(true);
        }
      }
    }
    // The test means something only if it met many anchored patterns that matched.
    expect(anchored).toBeGreaterThan(300);
    expect(checked).toBeGreaterThan(3000);
  });

  it('skips a pattern only when it cannot match: same matches as the plain regex', () => {
    const source = 'you (should|could) ha(ve|d) (read|checked) {link}';
    const pattern = compilePattern(source);
    const text = `You COULD have read ${LINK_MARK}. You should had checked ${LINK_MARK}, or not.`;
    expect([...matchAll(pattern, text)]).toEqual([
      ...matchAll(new RegExp(lowerLiterals(expandPattern(source)), 'gu'), text.toLowerCase()),
    ]);
    expect([...matchAll(pattern, 'You could have read the FAQ.')]).toEqual([]);
  });
});

describe('candidate index', () => {
  it('answers like includes(), across texts and subscribers added at any time', () => {
    const index = new CandidateIndex();
    const groups = [['ban', 'delete'], ['your fault', 'you'], ['é!'], ['ban']];
    const texts = ['We will ban you.', 'not your fault', 'no match here', 'déçu, oké!', 'ba n', 'you', ''];
    const registered: [number, string[]][] = [];
    for (const group of groups) {
      registered.push([index.subscribe(group), group]);
      for (const text of [...texts, ...texts]) {
        for (const [sub, anchors] of registered) {
          expect(index.holds(text, sub), `${anchors} in ${text}`).toBe(anchors.some((a) => text.includes(a)));
        }
      }
    }
  });

  it('answers like includes() with long anchors over a small alphabet (deep suffix links)', () => {
    // Two letters and anchors of up to nine: most states fall back along several suffix links,
    // which the automaton's rows copy from shallower rows.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const word = (min: number, max: number) =>
      Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => 'ab'[Math.floor(random() * 2)]).join(
        '',
      );
    const index = new CandidateIndex();
    const registered: [number, string[]][] = Array.from({ length: 120 }, () => {
      const anchors = Array.from({ length: 1 + Math.floor(random() * 3) }, () => word(3, 9));
      return [index.subscribe(anchors), anchors];
    });
    for (let t = 0; t < 150; t++) {
      const text = word(0, 40);
      for (const [sub, anchors] of registered)
        expect(index.holds(text, sub), `${anchors} in ${text}`).toBe(anchors.some((a) => text.includes(a)));
    }
  });

  it('answers like includes() with many anchors, once the trie is built from them', () => {
    let seed = 99;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const word = (max: number) =>
      Array.from({ length: 1 + Math.floor(random() * max) }, () => 'abcé '[Math.floor(random() * 5)]).join('');
    const index = new CandidateIndex();
    const groups = Array.from({ length: 300 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 4) }, () => word(5)),
    );
    const registered: [number, string[]][] = groups.map((g) => [index.subscribe(g), g]);
    for (let t = 0; t < 200; t++) {
      const text = word(30);
      for (const [sub, anchors] of registered)
        expect(index.holds(text, sub)).toBe(anchors.some((a) => text.includes(a)));
      // Late subscribers (after the trie was built) are answered as well.
      if (t % 40 === 39) {
        const late = [word(4), word(3)];
        registered.push([index.subscribe(late), late]);
      }
    }
  });

  it("gives a group's candidates as its patterns' own questions would, from the first text on", () => {
    const env = new PatternEnv();
    const sources = ['your fault', 'we (ban|mute)', 'read the faq', '(calm|settle) down', 'delet\\p{L}*', 'ok'];
    const patterns = sources.map((s) => compilePattern(s, undefined, { env }) as BoundedPattern);
    const group = patternGroup(patterns)!;
    const texts = ['Your fault. Calm down!', 'We ban.', 'nothing here', 'We MUTE, delete, read the FAQ', 'ok', ''];
    for (const text of [...texts, ...texts, ...texts]) {
      const expected = patterns.filter((p) => p.anchors.some((a) => text.toLowerCase().includes(a)));
      expect(group.candidates(text), text).toEqual(expected);
      // And the matches found through them are every pattern's matches.
      expect(group.candidates(text).flatMap((p) => matchAll(p, text, true))).toEqual(
        patterns.flatMap((p) => matchAll(p, text)),
      );
    }
  });
});
