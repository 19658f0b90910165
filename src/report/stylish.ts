import type { Diagnostic, Level } from '../diagnostics.js';
import type { Formatter } from './result.js';
import { terminalSafeLine } from './terminal-safe.js';

/** The part of chalk this format uses. */
type Paint = ((text: string) => string) & { bold: (text: string) => string };
type Painter = Record<'red' | 'yellow' | 'cyan' | 'green' | 'dim' | 'underline', Paint>;
const unchanged: Paint = Object.assign((text: string) => text, { bold: (text: string) => text });
/** Plain output (pipes, CI, NO_COLOR) does not load chalk, which probes the terminal (os, tty) at load. */
const PLAIN: Painter = {
  red: unchanged,
  yellow: unchanged,
  cyan: unchanged,
  green: unchanged,
  dim: unchanged,
  underline: unchanged,
};

/** ESLint-style output: findings grouped by file, then a one-line total. */
export const stylish: Formatter = async ({ diagnostics }, { color }) => {
  const c: Painter = color ? new (await import('chalk')).Chalk({ level: 1 }) : PLAIN;
  const paint: Record<Level, (s: string) => string> = { error: c.red, warning: c.yellow, suggestion: c.cyan };
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  // Reply text, file names and template ids reach a terminal: control characters are escaped.
  const safe = terminalSafeLine;

  const out: string[] = [];
  for (const [file, list] of byFile) {
    out.push('', c.underline(safe(file)));
    const rows = list.map((d) => [
      `${d.line}:${d.column}`,
      d.level,
      safe(d.message),
      `${d.rule} (tip ${d.tip})${d.entry === undefined ? '' : ` [${safe(String(d.entry))}]`}`,
      d,
    ]);
    // A loop, not Math.max(...rows): a spread of a million findings overflows the call stack.
    let posWidth = 0;
    let levelWidth = 0;
    for (const r of rows) {
      posWidth = Math.max(posWidth, (r[0] as string).length);
      levelWidth = Math.max(levelWidth, (r[1] as string).length);
    }
    for (const [pos, level, message, rule, d] of rows as [string, Level, string, string, Diagnostic][]) {
      out.push(
        `  ${c.dim(pos.padEnd(posWidth))}  ${paint[level](level.padEnd(levelWidth))}  ${message}  ${c.dim(rule)}`,
      );
      if (d.suggestion) out.push(`  ${' '.repeat(posWidth + levelWidth + 2)}  ${c.green('→')} ${safe(d.suggestion)}`);
    }
  }
  if (diagnostics.length === 0) return '';
  const count = (level: Level) => diagnostics.filter((d) => d.level === level).length;
  const [errors, warnings, suggestions] = [count('error'), count('warning'), count('suggestion')];
  const total = `✖ ${plural(diagnostics.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(suggestions, 'suggestion')})`;
  out.push('', (errors ? c.red : warnings ? c.yellow : c.cyan).bold(total), '');
  return out.join('\n');
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
