import type { Scalar } from 'yaml';
import { MappedText } from '../document/origin.js';

/**
 * Decodes a YAML (or JSON) string scalar from its source tokens while recording, for every
 * character of the value, the file range it came from: escapes ("\n", "\u00e9", "''"), line
 * folding in plain, quoted and `>` scalars, indentation and chomping of `|` and `>` scalars.
 * The yaml package gives the value but not this map. Each decoder follows the YAML 1.2 rules
 * as the yaml package applies them, and the result is checked against the package's own value:
 * on any disagreement the caller gets undefined (and falls back to the scalar's start) rather
 * than a wrong position.
 */
export function mapScalar(fileText: string, node: Scalar): MappedText | undefined {
  const token = (node as { srcToken?: Token }).srcToken;
  if (typeof node.value !== 'string' || !token) return undefined;
  let mapped: MappedText | undefined;
  switch (token.type) {
    case 'scalar':
      mapped = unfold(token.source, token.offset, false);
      break;
    case 'single-quoted-scalar':
      mapped = unfold(token.source.slice(1, -1), token.offset + 1, true);
      break;
    case 'double-quoted-scalar':
      mapped = doubleQuoted(token.source, token.offset);
      break;
    case 'block-scalar':
      mapped = blockScalar(fileText, token);
      break;
  }
  return mapped?.text === node.value ? mapped : undefined;
}

interface Token {
  type: string;
  offset: number;
  indent: number;
  source: string;
  props?: { type: string; source: string }[];
}

interface Line {
  /** File offset of the line's first character. */
  start: number;
  text: string;
}

/** Lines of a region, each with its file offset; "\r" stays at the end of its line. */
function splitLines(source: string, base: number): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const text of source.split('\n')) {
    lines.push({ start: base + start, text });
    start += text.length + 1;
  }
  return lines;
}

/** The line break that ends a line: "\n" or "\r\n". */
function breakAfter(line: Line): [number, number] {
  const end = line.start + line.text.length;
  return line.text.endsWith('\r') ? [end - 1, end + 1] : [end, end + 1];
}

/** Plain and single-quoted scalars: lines are trimmed and folded ("a\n b" → "a b"; an empty line → "\n"). */
function unfold(source: string, base: number, singleQuoted: boolean): MappedText {
  const out = new MappedText();
  const copy = (text: string, at: number) => (singleQuoted ? copyUnquoting(out, text, at) : out.copy(text, at));
  const lines = splitLines(source, base);
  if (lines.length === 1) {
    copy(source, base);
    return out;
  }
  const first = lines[0]!.text.replace(/\r$/, '').replace(/[ \t]+$/, '');
  copy(first, base);
  let sep = ' ';
  let sepAt = breakAfter(lines[0]!);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const isLast = i === lines.length - 1;
    const raw = isLast ? line.text : line.text.replace(/\r$/, '');
    const lead = raw.length - raw.replace(/^[ \t]+/, '').length;
    const content = isLast ? raw.slice(lead) : raw.slice(lead).replace(/[ \t]+$/, '');
    if (content === '' && !isLast) {
      if (sep === '\n') out.push('\n', ...sepAt);
      else sep = '\n';
      sepAt = breakAfter(line);
      continue;
    }
    out.push(sep, ...sepAt);
    copy(content, line.start + lead);
    sep = ' ';
    sepAt = breakAfter(line);
  }
  return out;
}

/** Copies a single-quoted segment, where "''" stands for one quote. */
function copyUnquoting(out: MappedText, text: string, at: number): void {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "'" && text[i + 1] === "'") {
      out.push("'", at + i, at + i + 2);
      i++;
    } else out.copy(text[i]!, at + i);
  }
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Double-quoted scalars (and JSON strings): escapes, escaped line breaks, folding. */
function doubleQuoted(source: string, base: number): MappedText {
  const out = new MappedText();
  const isBlank = (ch: string | undefined) => ch === ' ' || ch === '\t';
  for (let i = 1; i < source.length - 1; i++) {
    const ch = source[i]!;
    if (ch === '\r' && source[i + 1] === '\n') continue;
    if (ch === '\n') {
      // A line break folds to a space; n empty lines after it give n line feeds.
      let fold = '';
      let firstBreak: [number, number] = [base + i, base + i + 1];
      let j = i;
      for (let next = source[j + 1]; isBlank(next) || next === '\n' || next === '\r'; next = source[j + 1]) {
        if (next === '\r' && source[j + 2] !== '\n') break;
        if (next === '\n') {
          fold += '\n';
          if (fold.length === 1) firstBreak = [base + j + 1, base + j + 2];
        }
        j++;
      }
      out.push(fold || ' ', ...(fold ? firstBreak : ([base + i, base + i + 1] as [number, number])));
      i = j;
    } else if (ch === '\\') {
      const escapeStart = i;
      const next = source[++i]!;
      if (ESCAPES[next] !== undefined) out.push(ESCAPES[next], base + escapeStart, base + i + 1);
      else if (next === '\n' || (next === '\r' && source[i + 1] === '\n')) {
        if (next === '\r') i++;
        while (isBlank(source[i + 1])) i++;
      } else if (HEX_LENGTH[next]) {
        const length = HEX_LENGTH[next];
        const code = parseInt(source.substr(i + 1, length), 16);
        out.push(String.fromCodePoint(code), base + escapeStart, base + i + 1 + length);
        i += length;
      } else out.copy(source.substr(escapeStart, 2), base + escapeStart);
    } else if (isBlank(ch)) {
      // White space before a line break is dropped; elsewhere it is kept as written.
      const wsStart = i;
      while (isBlank(source[i + 1])) i++;
      const next = source[i + 1];
      if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n'))
        out.copy(source.slice(wsStart, i + 1), base + wsStart);
    } else out.copy(ch, base + i);
  }
  return out;
}

/** `|` and `>` scalars: indentation removed, `>` lines folded, trailing breaks chomped (`-`, `+`). */
function blockScalar(fileText: string, token: Token): MappedText | undefined {
  const props = token.props ?? [];
  const headerSource = props[0]?.type === 'block-scalar-header' ? props[0].source : undefined;
  if (!headerSource) return undefined;
  const folded = headerSource[0] === '>';
  const chomp = /[+-]/.exec(headerSource)?.[0] ?? '';
  const explicitIndent = Number(/[1-9]/.exec(headerSource)?.[0] ?? 0);
  const sourceStart = token.offset + props.reduce((sum, p) => sum + p.source.length, 0);
  if (fileText.slice(sourceStart, sourceStart + token.source.length) !== token.source) return undefined;

  const lines = splitLines(token.source, sourceStart).map((l) => ({ ...l, indent: /^ */.exec(l.text)![0].length }));
  const contentOf = (l: Line & { indent: number }) => l.text.slice(l.indent).replace(/\r$/, '');
  const breakBefore = (i: number): [number, number] =>
    i > 0 && i < lines.length
      ? breakAfter(lines[i - 1]!)
      : [sourceStart + token.source.length, sourceStart + token.source.length];
  const out = new MappedText();

  let chompStart = lines.length;
  while (chompStart > 0 && contentOf(lines[chompStart - 1]!) === '') chompStart--;
  if (chompStart === 0) {
    if (chomp === '+' && lines.length > 0) {
      for (let i = 1; i <= Math.max(1, lines.length - 1); i++) out.push('\n', ...breakBefore(i));
    }
    return out;
  }
  let trimIndent = token.indent + explicitIndent;
  let contentStart = 0;
  for (let i = 0; i < chompStart; i++) {
    const line = lines[i]!;
    if (contentOf(line) === '') {
      if (explicitIndent === 0 && line.indent > trimIndent) trimIndent = line.indent;
    } else {
      if (explicitIndent === 0) trimIndent = line.indent;
      contentStart = i;
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; i--) if (lines[i]!.indent > trimIndent) chompStart = i + 1;
  // The extra indentation of a line beyond the block's own is content.
  const copyIndented = (i: number) => {
    const line = lines[i]!;
    const kept = line.text.slice(Math.min(trimIndent, line.indent)).replace(/\r$/, '');
    out.copy(kept, line.start + Math.min(trimIndent, line.indent));
  };
  for (let i = 0; i < contentStart; i++) {
    copyIndented(i);
    out.push('\n', ...breakBefore(i + 1));
  }
  let sep = '';
  let prevMoreIndented = false;
  for (let i = contentStart; i < chompStart; i++) {
    const line = lines[i]!;
    const content = contentOf(line);
    if (content && line.indent < trimIndent) return undefined;
    if (!folded || line.indent > trimIndent || content[0] === '\t') {
      if (folded && sep === ' ') sep = '\n';
      else if (folded && !prevMoreIndented && sep === '\n') sep = '\n\n';
      out.push(sep, ...breakBefore(i));
      copyIndented(i);
      sep = '\n';
      prevMoreIndented = folded;
    } else if (content === '') {
      if (sep === '\n') out.push('\n', ...breakBefore(i));
      else sep = '\n';
    } else {
      out.push(sep, ...breakBefore(i));
      out.copy(content, line.start + line.indent);
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  if (chomp === '+') {
    for (let i = chompStart; i < lines.length; i++) {
      out.push('\n', ...breakBefore(i));
      copyIndented(i);
    }
    if (!out.text.endsWith('\n')) out.push('\n', ...breakBefore(lines.length));
  } else if (chomp === '') out.push('\n', ...breakBefore(chompStart));
  return out;
}
