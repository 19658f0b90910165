/**
 * Accent folding: "désolé" and "desole" read the same. People type French without accents on
 * phones and on keyboards without them ("Desole pour le retard", "numero de commande"); the
 * rules are written with accents. Both sides are folded: the reply's masked text (so offsets stay
 * offsets in the original) and every rule pattern, so a rule author keeps writing "désolé".
 *
 * Only one-to-one replacements (one UTF-16 unit for one), so the folded text keeps the length of
 * the original: "é" -> "e", "Ç" -> "C"; "œ" and "æ" stay (folding them would take two letters).
 */
const ACCENTED = /[\u00C0-\u017F]/u;
const ACCENTED_ALL = /[\u00C0-\u017F]/gu;

let table: Map<string, string> | undefined;

function foldTable(): Map<string, string> {
  if (table) return table;
  table = new Map();
  for (let code = 0xc0; code <= 0x17f; code++) {
    const ch = String.fromCharCode(code);
    const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
    if (base.length === 1 && base !== ch && /[A-Za-z]/.test(base)) table.set(ch, base);
  }
  return table;
}

export function foldAccents(text: string): string {
  if (!ACCENTED.test(text)) return text;
  const map = foldTable();
  return text.replace(ACCENTED_ALL, (ch) => map.get(ch) ?? ch);
}
