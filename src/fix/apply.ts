import type { Diagnostic, Fix } from '../diagnostics.js';
import type { Encoding } from '../sources/read.js';

/**
 * Applies the fixes of one file's diagnostics to its text. Fixes that overlap an earlier one are
 * left out (the next run will offer them again), so that no fix is applied to text another fix
 * already changed. Returns the new text and the diagnostics that were fixed.
 */
export function applyFixes(text: string, diagnostics: readonly Diagnostic[]): { text: string; fixed: Diagnostic[] } {
  const fixable = diagnostics
    .filter((d): d is Diagnostic & { fix: Fix } => d.fix !== undefined)
    .sort((a, b) => a.fix.offset - b.fix.offset);
  const fixed: Diagnostic[] = [];
  let output = '';
  let cursor = 0;
  for (const diagnostic of fixable) {
    const { offset, length, text: replacement } = diagnostic.fix;
    if (offset < cursor || offset + length > text.length) continue;
    output += text.slice(cursor, offset) + replacement;
    cursor = offset + length;
    fixed.push(diagnostic);
  }
  return { text: output + text.slice(cursor), fixed };
}

/** The bytes of a text in the encoding it was read from (BOM included), so --fix keeps it. */
export function encodeText(text: string, encoding: Encoding = 'utf8'): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  }
}
