import type { Diagnostic } from '../diagnostics.js';
import type { Formatter } from './result.js';

/**
 * A JSON array with one object per finding, keys in a fixed order (documented in the README):
 * file, rule, family, tip, level, message, suggestion, line, column, endLine, endColumn, offset,
 * length, match (then entry, related, fix and a classifier's score when present). Input notices go to stderr, not here, so the array stays one schema.
 */
export const json: Formatter = ({ diagnostics }) => `${JSON.stringify(diagnostics.map(jsonFinding), null, 2)}\n`;

/** One finding as the JSON output (and the HTTP service) gives it. */
export function jsonFinding(d: Diagnostic) {
  return {
    file: d.file,
    rule: d.rule,
    family: d.family,
    tip: d.tip,
    level: d.level,
    message: d.message,
    suggestion: d.suggestion,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    offset: d.offset,
    length: d.length,
    match: d.match,
    ...(d.entry !== undefined ? { entry: d.entry } : {}),
    ...(d.related ? { related: d.related } : {}),
    ...(d.fix ? { fix: d.fix } : {}),
    ...(d.score !== undefined ? { score: d.score } : {}),
  };
}
