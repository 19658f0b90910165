/**
 * JavaScript's \s (WhiteSpace and LineTerminator, the characters `trim()` removes), by code unit:
 * all of them are in the BMP. One definition for the tokenizer (src/model/features.ts) and the
 * engine's quotes (src/engine/run.ts), which must agree with the regexes they stand in for.
 */
export function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
