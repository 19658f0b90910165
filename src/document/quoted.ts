import type { Span } from '../diagnostics.js';

/**
 * Quoted history: text the agent did not write. An e-mail reply carries the customer's message
 * below it ("> ..." lines, or everything after "On Mon, Chris wrote:" / « Le lundi, Chris a
 * écrit : » / "-----Original Message-----"); linting it blames the agent for the customer's
 * words ("> This is your fault"). These spans are masked like code, unless the team's setting
 * `lintQuotedText: true` turns them back on.
 */
const QUOTE_LINE = /^[ \t]*(?:>|&gt;)[^\n]*/gmu;
// An attribution line ends the agent's text: what follows is the quoted message.
const ATTRIBUTION =
  /^[ \t]*(?:On\b[^\n]{1,200}\bwrote:|Le\b[^\n]{1,200}\ba [ée]crit ?:|-{2,}\s*(?:Original Message|Message d'origine|Forwarded message|Message transf[ée]r[ée])\s*-{2,})[ \t]*$/imu;

export function quotedHistorySpans(text: string): Span[] {
  // Most replies quote nothing: one cheap test before the line scans.
  if (!/>|&gt;|wrote:|crit ?:|-{2,}/u.test(text)) return [];
  const spans: Span[] = [];
  const attribution = ATTRIBUTION.exec(text);
  const end = attribution ? attribution.index : text.length;
  if (attribution) spans.push({ start: attribution.index, end: text.length });
  for (const m of text.slice(0, end).matchAll(QUOTE_LINE)) spans.push({ start: m.index!, end: m.index! + m[0].length });
  return spans;
}
