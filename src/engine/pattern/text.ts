import { COMMON, COMMON_RANGE, COMMON_WORD, WORD } from './language.js';

/**
 * What the matcher needs to know about a text: its lower-cased form, and whether the small word
 * class is exact on it. Worked out once per text (a reply and the message it answers are matched
 * in turns, so the last two are kept) by the TextForms of a compile environment.
 */
const OUTSIDE_COMMON = new RegExp(`[^${COMMON}]`, 'u');
// The full Unicode class costs milliseconds to build: only when a text needs it.
let rareWord: RegExp | undefined;
let wordChar: RegExp | undefined;

/** The text lower-cased code unit for code unit (a character whose lower case is longer stays). */
export function lowerText(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

/** Whether the text has a word character outside COMMON (then only the full class is exact). */
export function needsFullWordClass(text: string): boolean {
  return OUTSIDE_COMMON.test(text) && (rareWord ??= new RegExp(`(?!${COMMON_RANGE})${WORD}`, 'u')).test(text);
}

/** Memo of the last two texts' forms (string identity first: the same string object comes back). */
export class TextForms {
  #last: string | undefined;
  #lastLower = '';
  #other: string | undefined;
  #otherLower = '';
  #fullText: string | undefined;
  #fullAnswer = false;

  lower(text: string): string {
    if (text === this.#last) return this.#lastLower;
    if (text === this.#other) {
      [this.#other, this.#otherLower, this.#last, this.#lastLower] = [
        this.#last,
        this.#lastLower,
        this.#other,
        this.#otherLower,
      ];
      return this.#lastLower;
    }
    const lower = lowerText(text);
    [this.#other, this.#otherLower, this.#last, this.#lastLower] = [this.#last, this.#lastLower, text, lower];
    return lower;
  }

  needsFullWordClass(text: string): boolean {
    if (text !== this.#fullText) {
      this.#fullText = text;
      this.#fullAnswer = needsFullWordClass(text);
    }
    return this.#fullAnswer;
  }
}

// COMMON_WORD is WORD on COMMON, and cheap to build (see COMMON); the full class only for the rest.
const COMMON_WORD_CHAR = new RegExp(`^${COMMON_WORD}$`, 'u');
/**
 * Whether each BMP code point is a word character (0: not yet known, 1: no, 2: yes): a memo of a
 * fixed property of Unicode, shared by every environment (it holds no setting).
 */
const wordCodes = new Uint8Array(0x10000);

export function isWordCodePoint(code: number): boolean {
  if (code <= 0xffff && wordCodes[code] !== 0) return wordCodes[code] === 2;
  const ch = String.fromCodePoint(code);
  const word = OUTSIDE_COMMON.test(ch)
    ? (wordChar ??= new RegExp(`^${WORD}$`, 'u')).test(ch)
    : COMMON_WORD_CHAR.test(ch);
  if (code <= 0xffff) wordCodes[code] = word ? 2 : 1;
  return word;
}

/** The implied boundary, in code: no word character on one side of the position. */
export function boundaryAt(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return true;
  // The code point that ends at index: a surrogate pair counts as one.
  const last = text.charCodeAt(index - 1);
  const high = index >= 2 ? text.charCodeAt(index - 2) : 0;
  const pair = last >= 0xdc00 && last <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
  const before = pair ? text.codePointAt(index - 2)! : last;
  return !isWordCodePoint(before) || !isWordCodePoint(text.codePointAt(index)!);
}

export const nextCodePoint = (text: string, index: number) => index + ((text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1);
