import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isSeq, parse, parseDocument, Scalar, stringify } from 'yaml';
import { mapScalar } from '../src/sources/scalar-map.js';

/** The first `body` scalar of a parsed collection (a list of maps). */
function bodyScalar(fileText: string): Scalar {
  const doc = parseDocument(fileText, { keepSourceTokens: true });
  expect(doc.errors).toEqual([]);
  const seq = doc.contents;
  if (!isSeq(seq) || !isMap(seq.items[0])) throw new Error('expected a list of maps');
  return seq.items[0].get('body', true) as Scalar;
}

/**
 * The property: every character of the value comes from the file range it is mapped to: the same
 * character, an escape that decodes to it, "''" for a quote, or a line break for a folded space
 * or line feed. Ranges never go backwards.
 */
function expectFaithful(fileText: string): string {
  const node = bodyScalar(fileText);
  const mapped = mapScalar(fileText, node);
  expect(mapped, `no map for ${JSON.stringify(fileText)}`).toBeDefined();
  const value = node.value as string;
  expect(mapped!.text).toBe(value);
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const raw = fileText.slice(mapped!.from[i], mapped!.to[i]);
    const ok =
      raw === ch ||
      (raw.startsWith('\\') && (parse(`"${raw}"`) as string).includes(ch)) ||
      (raw === "''" && ch === "'") ||
      ((ch === ' ' || ch === '\n') && /^(\r?\n|\r)$/.test(raw));
    expect(ok, `char ${i} ${JSON.stringify(ch)} mapped to ${JSON.stringify(raw)} in ${JSON.stringify(fileText)}`).toBe(
      true,
    );
    if (i > 0) expect(mapped!.from[i]!).toBeGreaterThanOrEqual(mapped!.from[i - 1]!);
  }
  return value;
}

const STYLES = ['PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const;
const replyChars = fc.constantFrom(
  ...'ab Zé\u00e9 \n\n\t\'"\\#:-{}[]%<>!?,.😀\u00a0'.split(''),
  '😀',
  'word',
  'Hi ',
  '  ',
);
const replyText = fc.array(replyChars, { maxLength: 40 }).map((parts) => parts.join(''));

describe('mapScalar: positions of a string value in its YAML/JSON file', () => {
  it('maps plain, quoted and block scalars written by hand', () => {
    const cases: [string, string][] = [
      ['- body: Hi there, thanks\n', 'Hi there, thanks'],
      ['- body: Hi there\n    and more\n\n    new para\n', 'Hi there and more\nnew para'],
      ["- body: 'it''s fine\n    today'\n", "it's fine today"],
      ['- body: "caf\\u00e9 \\"ok\\"\\tx\\\n    joined"\n', 'café "ok"\txjoined'],
      ['- body: |\n    Hi {{first_name}},\n\n      indented\n    end\n', 'Hi {{first_name}},\n\n  indented\nend\n'],
      ['- body: |-\n    strip\n\n', 'strip'],
      ['- body: |+\n    keep\n\n', 'keep\n\n'],
      ['- body: >\n    folded\n    lines\n\n    para\n      more\n    back\n', 'folded lines\npara\n  more\nback\n'],
      ['- body: |2\n     two extra\n', ' two extra\n'],
      ['- body: >-\r\n    crlf\r\n    folded\r\n', 'crlf folded'],
      ['[{"body": "JSON \\u00e9\\n\\"q\\" \\/ \\ud83d\\ude00 end"}]', 'JSON é\n"q" / 😀 end'],
    ];
    for (const [file, value] of cases) expect(expectFaithful(file)).toBe(value);
  });

  it('points a word at its place in the file', () => {
    const file = '- id: a\n  body: |\n    Hello there,\n    we will ban you.\n';
    const node = bodyScalar(file);
    const mapped = mapScalar(file, node)!;
    const start = (node.value as string).indexOf('ban');
    expect(file.slice(mapped.from[start], mapped.to[start + 2])).toBe('ban');
  });

  for (const style of STYLES) {
    it(`holds for any text the yaml package writes as ${style}`, () => {
      fc.assert(
        fc.property(replyText, fc.integer({ min: 2, max: 6 }), (text, indent) => {
          const file = stringify([{ id: 'x', body: text }], {
            defaultStringType: style,
            indent,
            lineWidth: 20,
            minContentWidth: 5,
          });
          // The writer itself very rarely emits a file its parser rejects; only valid files are the subject here.
          fc.pre(parseDocument(file).errors.length === 0 && (parse(file) as { body: string }[])[0]!.body === text);
          expectFaithful(file);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('holds for any text in a JSON export', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        expectFaithful(JSON.stringify([{ body: text }], null, 2));
        expectFaithful(
          `[{"body": ${JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}}]`,
        );
      }),
      { numRuns: 500 },
    );
  });
});
