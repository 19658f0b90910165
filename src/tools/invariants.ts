/**
 * Invariants that hold for ANY input, shared by the property-based tests (test/properties.test.ts)
 * and the fuzzer (npm run fuzz). Each check throws an Error saying what broke; the caller
 * (fast-check) shrinks the input and reports it with its seed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { stringify } from 'yaml';
import type { Diagnostic, Span } from '../diagnostics.js';
import { ReplyDocument, type Format } from '../document/document.js';
import { LineIndex } from '../document/lines.js';
import { lintText } from '../lint.js';
import { json } from '../report/json.js';
import { RuleFileError } from '../core/errors.js';
import { loadUserRuleFile, type RuleSet } from '../rules/load.js';

/** Pieces that stress positions: surrogate pairs, line-ending mixes, combining marks, RTL, links, quotes. */
const FRAGMENTS = [
  '\r',
  '\n',
  '\r\n',
  '\n\r',
  ' ',
  '\t',
  '\u00a0',
  '\u2028',
  '\u0301',
  '\u200d',
  '\ufeff',
  '\ud800',
  '\udfff',
  '👋🏽',
  '👨‍👩‍👧',
  '🇫🇷',
  'é',
  'e\u0301',
  'שלום',
  'مرحبا',
  '\u202e',
  'İ',
  'ß',
  'ﬁ',
  'https://example.com/a?b=c',
  'www.x.fr',
  'a@b.co',
  '@acme',
  '`code`',
  '```\nfenced\n```',
  '[link](http://x)',
  '<b>',
  '"we will delete it"',
  '« on va supprimer »',
  '“quoted words here”',
  "n'avez",
  "don't",
  '’',
  'This is your fault.',
  'you will be banned',
  'DO NOT SHOUT',
  '!!!',
  '?!',
  'As per',
  'Sorry.',
  'Read the FAQ',
  'Pourquoi ?',
  'Merci !',
  '...',
  '…',
  '# Title',
  '- item',
  '> quote',
];

/** A reply made of random Unicode and stress fragments. */
export const replyText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom(...FRAGMENTS),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

export const replyFormat: fc.Arbitrary<Format> = fc.constantFrom('text', 'markdown');

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function assertSpans(name: string, spans: readonly Span[], length: number): void {
  for (const s of spans)
    assert(0 <= s.start && s.start <= s.end && s.end <= length, `${name} span ${s.start}-${s.end} outside 0-${length}`);
}

/** The document model: masked text keeps the source's length; every span lies inside it. */
export async function checkDocument(source: string, format: Format): Promise<void> {
  const doc = await ReplyDocument.create({ name: 'fuzz', source, format });
  assert(doc.text.length === source.length, `masked text has length ${doc.text.length}, source ${source.length}`);
  assertSpans('sentence', doc.sentences, source.length);
  assertSpans('link', doc.links, source.length);
  assertSpans('token', doc.tokens, source.length);
  assertSpans('quotation', doc.quotations, source.length);
  for (let i = 1; i < doc.sentences.length; i++)
    assert(doc.sentences[i - 1]!.end <= doc.sentences[i]!.start, 'sentences overlap or are out of order');
}

/** Every diagnostic lies inside the input, its line/column agree with its offset, JSON round-trips, linting is deterministic. */
export async function checkDiagnostics(
  text: string,
  format: Format,
  ruleSet: RuleSet,
  inReplyTo?: string,
): Promise<void> {
  const request = { name: 'fuzz.txt', text, format, inReplyTo };
  const diagnostics = await lintText(request, ruleSet);
  const lines = new LineIndex(text);
  for (const d of diagnostics) checkDiagnostic(d, text, lines);
  const printed = json({ files: ['fuzz.txt'], diagnostics, notices: [] }, { color: false }) as string;
  const reparsed = JSON.parse(printed) as Record<string, unknown>[];
  assert(reparsed.length === diagnostics.length, 'JSON output lost or added diagnostics');
  reparsed.forEach((d, i) =>
    assert(isDeepStrictEqual(d, { ...diagnostics[i] }), `JSON output changed diagnostic ${i}`),
  );
  const again = await lintText(request, ruleSet);
  assert(JSON.stringify(again) === JSON.stringify(diagnostics), 'linting the same reply twice gave different results');
}

function checkDiagnostic(d: Diagnostic, text: string, lines: LineIndex): void {
  const where = `${d.rule} at ${d.offset}+${d.length}`;
  assert(
    Number.isInteger(d.offset) && d.offset >= 0 && d.length >= 0 && d.offset + d.length <= text.length,
    `${where}: outside the input (${text.length})`,
  );
  assert(d.match === text.slice(d.offset, d.offset + d.length), `${where}: match is not the text at the offset`);
  const start = lines.position(d.offset);
  const end = lines.position(d.offset + d.length);
  assert(
    start.line === d.line && start.column === d.column,
    `${where}: ${d.line}:${d.column} but the offset is at ${start.line}:${start.column}`,
  );
  assert(
    end.line === d.endLine && end.column === d.endColumn,
    `${where}: ends at ${d.endLine}:${d.endColumn}, expected ${end.line}:${end.column}`,
  );
  assert(d.line >= 1 && d.column >= 1, `${where}: positions are 1-based`);
  if (d.fix) assert(d.fix.offset >= 0 && d.fix.offset + d.fix.length <= text.length, `${where}: fix outside the input`);
}

const RULE_FIELDS = [
  'id',
  'tip',
  'level',
  'type',
  'family',
  'description',
  'why',
  'message',
  'suggest',
  'when',
  'lang',
  'examples',
  'words',
  'patterns',
  'unless',
  'unless_scope',
  'in_quotes',
  'swap',
  'regex',
  'pattern',
  'max',
  'min',
  'scope',
  'min_length',
  'min_run',
  'ratio',
  'ignore',
  'threshold',
  'min_words',
  'require',
  'any',
];
const VALUES = [
  'existence',
  'substitution',
  'occurrence',
  'capitalization',
  'sentiment',
  'requires',
  'warning',
  'error',
  'complaint',
  '!question',
  'en',
  'fr',
  'x',
  '@complaint',
  '{link}',
];
const PATTERN_CHARS = [
  'a',
  'b',
  ' ',
  '(',
  ')',
  '|',
  '*',
  '+',
  '?',
  '.',
  '\\',
  '[',
  ']',
  '{',
  '}',
  '^',
  '$',
  '\\w',
  '\\p{L}',
  '@',
  '1',
  ',',
];

const yamlValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...VALUES),
    fc.array(fc.constantFrom(...PATTERN_CHARS), { maxLength: 10 }).map((cs) => cs.join('')),
    fc.string({ maxLength: 10 }),
    fc.integer({ min: -3, max: 12 }),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.constantFrom('flag', 'pass', 'reply', 'in_reply_to', 'as per'), fc.string({ maxLength: 5 })),
      tie('value'),
      { maxKeys: 4 },
    ),
  ),
})).value;

/** A rule file: a random map of (mostly known) fields, or random text that may not be YAML at all. */
export const ruleFileText: fc.Arbitrary<string> = fc.oneof(
  fc
    .dictionary(fc.oneof(fc.constantFrom(...RULE_FIELDS), fc.string({ maxLength: 6 })), yamlValue, { maxKeys: 12 })
    .map((map) => stringify(map)),
  fc.string({ maxLength: 80 }),
  fc
    .array(
      fc.constantFrom(
        'id: x\n',
        'tip: 1\n',
        'type: existence\n',
        'patterns:\n',
        '  - a\n',
        'examples: {flag: [a], pass: [b]}\n',
        ': \n',
        '- \n',
        '"',
        '\t',
        '{',
        '&a ',
        '*a\n',
        '!!binary ',
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join('')),
);

/**
 * Loading a rule file either succeeds or fails with a RuleFileError that names the file and a
 * line and column >= 1; any other exception is a bug. User-rule conditions apply (ReDoS guard).
 */
export function checkRuleFile(text: string, ruleSet: RuleSet): void {
  const dir = mkdtempSync(join(tmpdir(), 'replylint-fuzz-'));
  const file = join(dir, 'x.yml');
  try {
    writeFileSync(file, text);
    loadUserRuleFile(file, 'en', ruleSet.signals);
  } catch (error) {
    if (!(error instanceof RuleFileError))
      throw new Error(`not a RuleFileError: ${(error as Error)?.stack ?? String(error)}`);
    assert(
      error.file === file && error.line >= 1 && error.column >= 1,
      `RuleFileError without a usable position: ${error.message}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Issue 12: the classes of input a hostile-input probe found failures in.

/** Markdown built to stress the parser and the document model: deep quotes, runs of openers, nested lists. */
export const nestedMarkdown: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc
        .tuple(
          fc.constantFrom('>', '> ', '[', '*', '_', '`x` ', '[a](', '![', '<a ', '- ', '  - ', '1. ', '**', '~~~\n'),
          fc.integer({ min: 1, max: 400 }),
        )
        .map(([piece, n]) => piece.repeat(n)),
      fc.constantFrom(...FRAGMENTS),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

/**
 * Markdown of any shape is read (or falls back to plain text over the parser's bounds), keeps
 * its length, and lints without an exception; over the bounds no region is hidden.
 */
export async function checkNestedMarkdown(source: string, ruleSet: RuleSet): Promise<void> {
  await checkDocument(source, 'markdown');
  const { markdownOverBounds, markdownRegions } = await import('../document/markdown.js');
  if (markdownOverBounds(source) !== undefined) {
    const regions = await markdownRegions(source);
    assert(
      regions.hidden.length === 0 && regions.links.length === 0,
      'a text over the Markdown bounds still had regions hidden',
    );
  }
  await lintText({ name: 'fuzz.md', text: source, format: 'markdown' }, ruleSet);
}

/** A flagged sentence repeated: the findings grow with the copies, one per copy. */
export const repeatedSentence: fc.Arbitrary<[string, number]> = fc.tuple(
  fc.constantFrom('This is your fault. ', 'You will be banned. ', 'As per our policy, no. '),
  fc.integer({ min: 1, max: 2000 }),
);

export async function checkRepeatedFindings([sentence, copies]: [string, number], ruleSet: RuleSet): Promise<void> {
  const once = await lintText({ name: 'one.txt', text: sentence }, ruleSet);
  const many = await lintText({ name: 'many.txt', text: sentence.repeat(copies) }, ruleSet);
  assert(once.length > 0, `no finding in ${JSON.stringify(sentence)}`);
  // Findings with a model score read the whole reply at once (`scope: reply`): three copies of a
  // sentence are another reply to the model, scored on their own (its normalisation and bias see
  // a longer text), so only the patterns' findings are expected once per copy.
  for (const rule of new Set(once.filter((d) => d.score === undefined).map((d) => d.rule))) {
    const expected = copies * once.filter((d) => d.rule === rule).length;
    const found = many.filter((d) => d.rule === rule);
    assert(found.length === expected, `${rule}: ${found.length} findings in ${copies} copies, expected ${expected}`);
    // One finding a sentence: copy i's finding sits where the first one does, i sentences on.
    const first = once.find((o) => o.rule === rule)!.offset;
    if (expected === copies)
      found.forEach((d, i) => assert(d.offset === i * sentence.length + first, `${rule}: finding ${i} at ${d.offset}`));
  }
}

/** Shingle sets with many exact copies: the fast path for identical sets agrees with brute force. */
export const duplicateSets: fc.Arbitrary<string[][]> = fc
  .array(
    fc.uniqueArray(fc.constantFrom('a b', 'b c', 'c d', 'd e', 'e f', 'f g', 'g h', 'x y'), {
      minLength: 1,
      maxLength: 6,
    }),
    { minLength: 1, maxLength: 6 },
  )
  .chain((distinct) =>
    fc
      .array(fc.integer({ min: 0, max: distinct.length - 1 }), { maxLength: 40 })
      .map((picks) => picks.map((i) => [...distinct[i]!])),
  );

export async function checkDuplicates(sets: string[][], threshold = 0.6): Promise<void> {
  const { nearDuplicates } = await import('../engine/types/canned-duplicate.js');
  const jaccard = (a: string[], b: string[]) => {
    const shared = a.filter((s) => b.includes(s)).length;
    return shared / (a.length + b.length - shared);
  };
  const expected: [number, number, number][] = [];
  sets.forEach((set, i) => {
    let best: [number, number, number] | undefined;
    for (let j = 0; j < i; j++) {
      const s = jaccard(set, sets[j]!);
      if (s >= threshold && s > (best?.[2] ?? 0)) best = [j, i, s];
    }
    if (best) expected.push(best);
  });
  const found = nearDuplicates(sets, threshold);
  assert(
    JSON.stringify(found) === JSON.stringify(expected),
    `nearDuplicates ${JSON.stringify(found)} but brute force ${JSON.stringify(expected)}`,
  );
}

/** Bytes as a file may hold them: random, or a text in one of the encodings read, with or without a BOM. */
export const oddBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.tuple(replyText, fc.constantFrom('utf8', 'utf8-bom', 'utf16le', 'utf16be', 'utf32le')).map(([text, encoding]) => {
    if (encoding === 'utf32le') return new Uint8Array([0xff, 0xfe, 0, 0, ...Buffer.from(text, 'utf16le')]);
    const bom = { utf8: [], 'utf8-bom': [0xef, 0xbb, 0xbf], utf16le: [0xff, 0xfe], utf16be: [0xfe, 0xff] }[encoding]!;
    const body =
      encoding === 'utf16be'
        ? Buffer.from(text, 'utf16le').swap16()
        : Buffer.from(text, encoding.startsWith('utf8') ? 'utf8' : 'utf16le');
    return new Uint8Array([...bom, ...body]);
  }),
);

/** decode() never throws; what it decodes re-encodes to the same bytes (what --fix relies on); a NUL is never text. */
export async function checkDecode(bytes: Uint8Array): Promise<void> {
  const { decode } = await import('../sources/read.js');
  const { encodeText } = await import('../fix/apply.js');
  const decoded = decode(bytes);
  if ('reason' in decoded) return;
  assert(!decoded.text.includes('\0'), 'decoded a text with a NUL');
  assert(
    Buffer.compare(encodeText(decoded.text, decoded.encoding), bytes) === 0,
    `${decoded.encoding}: re-encoding changed the bytes`,
  );
}

/** Any text made safe for a terminal holds no control character but tab, and stays on one line. */
export async function checkTerminalSafe(text: string): Promise<void> {
  const { terminalSafeLine } = await import('../report/terminal-safe.js');
  const safe = terminalSafeLine(text);
  // eslint-disable-next-line no-control-regex
  assert(
    !/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(safe),
    `control character left in ${JSON.stringify(safe)}`,
  );
}

/**
 * YAML collections with anchors, aliases and merge keys in every place a template may be (issue
 * 12, W6): as a body, a list item, a map value, a merged map; self-referencing aliases included.
 */
export const aliasedCollection: fc.Arbitrary<string> = fc
  .array(
    fc.constantFrom(
      '- id: a\n  body: &b "Sorry for any inconvenience, this is your fault."',
      '- id: b\n  body: *b',
      '- *b',
      '- &t\n  id: t\n  body: "We are on it: your order is late."',
      '- *t',
      '- <<: *t\n  id: merged',
      '- <<: [*t]\n  when: complaint',
      '- &s [*s]',
      '- &m\n  <<: *m\n  body: x',
      '- body: *missing',
      '- &l [*t, *t, *t, *t]\n- [*l, *l, *l, *l]',
      '- "plain template text"',
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((items) => `${items.join('\n')}\n`);

/** Reading a collection never throws; each template's text maps into the file, inside it. */
export async function checkCollection(text: string): Promise<void> {
  const { readCollection } = await import('../sources/collection.js');
  const read = readCollection(text);
  if (!read.ok) {
    assert(/^\d+:\d+: |^collection too large/.test(read.message), `unlocated failure: ${read.message}`);
    return;
  }
  for (const entry of read.entries) {
    assert(entry.text.trim() !== '', `template '${entry.id}' with an empty text`);
    const span = entry.origin.fileSpan({ start: 0, end: entry.text.length });
    assert(
      0 <= span.start && span.start <= span.end && span.end <= text.length,
      `template '${entry.id}' maps outside the file`,
    );
  }
}

/**
 * The properties, each with its case budget in the test suite (CI); `npm run fuzz` runs the same
 * ones for a time instead. One list, so that the suite and the fuzzer cannot drift apart.
 */
export function properties(ruleSet: RuleSet): {
  name: string;
  title: string;
  ciRuns: number;
  /** The test's time-out (ms) where the default is too short. */
  timeout?: number;
  property: () => fc.IAsyncProperty<never> | fc.IProperty<never>;
}[] {
  return [
    {
      name: 'document',
      title: 'the document model keeps the source length and every span inside it',
      ciRuns: 200,
      property: () => fc.asyncProperty(replyText, replyFormat, checkDocument) as never,
    },
    {
      name: 'lint',
      title: 'diagnostics lie inside the input, agree with LineIndex, round-trip through JSON, and are deterministic',
      ciRuns: 200,
      property: () =>
        fc.asyncProperty(replyText, replyFormat, fc.option(replyText, { nil: undefined }), (text, format, inReplyTo) =>
          checkDiagnostics(text, format, ruleSet, inReplyTo),
        ) as never,
    },
    {
      name: 'rules',
      title: 'a random rule file loads or fails with a located RuleFileError, never another exception',
      ciRuns: 300,
      property: () => fc.property(ruleFileText, (text) => checkRuleFile(text, ruleSet)) as never,
    },
    // Issue 12: the classes a hostile-input probe broke.
    {
      name: 'markdown',
      title:
        'nested and pathological Markdown is read (or falls back to text over the bounds) and linted without an exception',
      ciRuns: 40,
      timeout: 120000,
      property: () => fc.asyncProperty(nestedMarkdown, (text) => checkNestedMarkdown(text, ruleSet)) as never,
    },
    {
      name: 'findings',
      title: 'a flagged sentence repeated thousands of times gives a finding per copy',
      ciRuns: 6,
      timeout: 120000,
      property: () => fc.asyncProperty(repeatedSentence, (input) => checkRepeatedFindings(input, ruleSet)) as never,
    },
    {
      name: 'duplicates',
      title: 'near-duplicate detection with many identical sets agrees with brute force',
      ciRuns: 300,
      property: () => fc.asyncProperty(duplicateSets, (sets) => checkDuplicates(sets)) as never,
    },
    {
      name: 'encodings',
      title: 'odd encodings decode without an exception, and what decodes re-encodes to the same bytes',
      ciRuns: 500,
      property: () => fc.asyncProperty(oddBytes, checkDecode) as never,
    },
    {
      name: 'escapes',
      title: 'text made terminal-safe holds no control character',
      ciRuns: 500,
      property: () => fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 80 }), checkTerminalSafe) as never,
    },
    {
      name: 'collections',
      title:
        'a collection with anchors, aliases and merge keys is read without an exception, each template inside the file',
      ciRuns: 300,
      property: () => fc.asyncProperty(aliasedCollection, checkCollection) as never,
    },
  ];
}
