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

// What NFD and dropping the marks give for U+00C0-U+017F when that is one ASCII letter; written
// out, because the first normalize() call costs about a millisecond of every start (ICU data).
// test/lang.test.ts checks it against the normalisation.
export const FOLD_FROM =
  'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž';
export const FOLD_TO =
  'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZz';

let table: Map<string, string> | undefined;

function foldTable(): Map<string, string> {
  if (table) return table;
  table = new Map();
  for (let i = 0; i < FOLD_FROM.length; i++) table.set(FOLD_FROM[i]!, FOLD_TO[i]!);
  return table;
}

export function foldAccents(text: string): string {
  if (!ACCENTED.test(text)) return text;
  const map = foldTable();
  return text.replace(ACCENTED_ALL, (ch) => map.get(ch) ?? ch);
}
