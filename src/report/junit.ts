import { levelRank, type Diagnostic } from '../diagnostics.js';
import type { Formatter } from './result.js';

/** Text and attribute values: the five XML specials, and control characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');
}

/** Body text keeps its line breaks readable (only attributes need them encoded). */
function escapeBody(text: string): string {
  return escapeXml(text).replace(/&#10;/g, '\n');
}

/**
 * JUnit XML, for CI systems that show test reports (Jenkins, GitLab, Azure): one test case per
 * linted file; each finding at or above the failing level is a <failure>, the others are
 * listed in <system-out> so that they are visible without failing the case.
 */
export const junit: Formatter = ({ files, diagnostics, notices }, { failLevel = 'warning' }) => {
  const fails = (d: Diagnostic) => levelRank(d.level) >= levelRank(failLevel);
  const failing = files.filter((file) => diagnostics.some((d) => d.file === file && fails(d))).length;
  const cases = files.map((file) => {
    const own = diagnostics.filter((d) => d.file === file);
    const failures = own
      .filter(fails)
      .map(
        (d) =>
          `      <failure type="${escapeXml(d.rule)}" message="${escapeXml(`${d.level}: ${d.message}`)}">${escapeBody(describe(d))}</failure>`,
      );
    const notes = own.filter((d) => !fails(d)).map(describe);
    const out = notes.length ? [`      <system-out>${escapeBody(notes.join('\n'))}</system-out>`] : [];
    const body = [...failures, ...out];
    const open = `    <testcase name="${escapeXml(file)}" classname="replylint" file="${escapeXml(file)}"`;
    return body.length ? [`${open}>`, ...body, '    </testcase>'].join('\n') : `${open}/>`;
  });
  // An input that could not be read (exit 2) is a test case in error, so the report shows it.
  const unreadable = notices
    .filter((n) => n.kind === 'error')
    .map((n) =>
      [
        `    <testcase name="${escapeXml(n.file)}" classname="replylint" file="${escapeXml(n.file)}">`,
        `      <error message="${escapeXml(n.message)}"/>`,
        '    </testcase>',
      ].join('\n'),
    );
  const counts = `tests="${files.length + unreadable.length}" failures="${failing}" errors="${unreadable.length}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="replylint" ${counts}>`,
    `  <testsuite name="replylint" ${counts} skipped="0">`,
    ...cases,
    ...unreadable,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
};

function describe(d: Diagnostic): string {
  const where = `${d.file}:${d.line}:${d.column}`;
  return `${where} ${d.level} ${d.message} [${d.rule}, tip ${d.tip}]${d.suggestion ? `\n  → ${d.suggestion}` : ''}`;
}
