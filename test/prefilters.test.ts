import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { urlSpans } from '../src/document/mask.js';
import { htmlCommentSpans, placeholderSpans } from '../src/document/placeholders.js';

/**
 * The document skips a scan when the reply lacks a character every match needs. These properties
 * check, on texts built from the characters that matter, that the skip never changes a result:
 * the spans found are those of the plain regexes, as they were before the skip.
 */
const URL_REFERENCE = /\b(?:https?:\/\/|www\.)[^\s<>()"']+[^\s<>()"'.,;:!?]|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+/giu;
const pieces = [
  'a',
  'W',
  'é',
  ' ',
  '.',
  '@',
  ':',
  '/',
  'http',
  'https://',
  'www.',
  'WWW.',
  'x.fr',
  '{',
  '}',
  '[',
  ']',
  'NAME',
  '%',
  '<',
  '>',
  '!--',
  '--',
  '\n',
];
const text = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((parts) => parts.join(''));
const spansOf = (regex: RegExp, value: string) =>
  [...value.matchAll(regex)].map((m) => ({ start: m.index, end: m.index + m[0].length }));

describe('scan prefilters', () => {
  it('URL spans are those of the full URL regex', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(urlSpans(value)).toEqual(spansOf(URL_REFERENCE, value));
      }),
      { numRuns: 2000 },
    );
  });

  it('placeholders and HTML comments are found as when the scan always runs', () => {
    const shift = (spans: { start: number; end: number }[], by: number) =>
      spans.map((s) => ({ start: s.start + by, end: s.end + by }));
    fc.assert(
      fc.property(text, (value) => {
        // "%\n" lets the placeholder scan run and can start no placeholder; "<!---->" is a comment of its own.
        expect(shift(placeholderSpans(value), 2)).toEqual(placeholderSpans(`%\n${value}`));
        expect([{ start: 0, end: 7 }, ...shift(htmlCommentSpans(value), 7)]).toEqual(
          htmlCommentSpans(`<!---->${value}`),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
