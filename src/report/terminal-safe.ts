/**
 * Text from a reply, a file name or a JSONL line, made safe to print on a terminal: control
 * characters (ESC, BEL, backspace, carriage return, C1 controls, and bidirectional overrides)
 * are shown as `\x1B`-style escapes instead of being sent, so an input cannot clear the screen,
 * retitle the window, move the cursor or hide lines. Line feeds and tabs are kept.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE, escapeChar) : text;
}

/** One line of a notice: line breaks are escaped too, so that a notice stays one line. */
export function terminalSafeLine(text: string): string {
  return terminalSafe(text).replace(/[\n\u2028\u2029]/g, escapeChar);
}

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`
    : `\\u${code.toString(16).toUpperCase()}`;
}
