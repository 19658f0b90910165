import type { Span } from '../diagnostics.js';

/**
 * Template placeholders: Handlebars/Mustache `{{name}}` and `{{{name}}}`, Liquid `{{ x }}` and
 * `{% tag %}`, `[NAME]` (capitals in brackets), `%name%`, `<name>` (one identifier in angle
 * brackets that is not an HTML element). They are masked like code, so no word rule reads
 * "first_name", and rules can still see where they are (a greeting to `{{first_name}}` has a name).
 * Built on first use: parsing its Unicode classes costs most of a millisecond, and most replies
 * hold no character a placeholder starts with.
 */
let placeholder: RegExp | undefined;
const placeholderRegex = (): RegExp =>
  (placeholder ??= new RegExp(
    [
      '\\{\\{\\{[^{}]{1,200}\\}\\}\\}',
      '\\{\\{[^{}]{1,200}\\}\\}',
      '\\{%[^%]{1,200}%\\}',
      // [NAME], [FIRST NAME], [N° COMMANDE], [PRÉNOM]; not a Markdown link label "[FAQ](...)".
      "\\[\\p{Lu}[\\p{Lu}\\p{N}_ .°#'-]{0,60}[\\p{Lu}\\p{N}]\\](?![(\\[:])",
      '(?<![\\p{L}\\p{N}])%[\\p{L}_][\\p{L}\\p{N}_.-]{0,60}%',
      '<[\\p{L}_][\\p{L}\\p{N}_.-]{0,60}>',
    ].join('|'),
    'gu',
  ));

/** Element names an angle-bracketed word is more likely to be than a placeholder. */
const HTML_ELEMENTS = new Set(
  (
    'a abbr address article aside audio b bdi bdo big blockquote body br button caption center cite code col colgroup ' +
    'data dd del details dfn dialog div dl dt em embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 ' +
    'head header hr html i iframe img input ins kbd label legend li link main mark meta nav noscript object ol optgroup ' +
    'option p param picture pre q s samp script section select small source span strike strong style sub summary sup ' +
    'table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr'
  ).split(' '),
);

/** Every placeholder starts with one of these: a reply without them is not scanned (most are not). */
const PLACEHOLDER_START = /[{[%<]/;

export function placeholderSpans(text: string): Span[] {
  const spans: Span[] = [];
  if (!PLACEHOLDER_START.test(text)) return spans;
  for (const m of text.matchAll(placeholderRegex())) {
    if (m[0].startsWith('<') && !m[0].startsWith('<{') && HTML_ELEMENTS.has(m[0].slice(1, -1).toLowerCase())) continue;
    spans.push({ start: m.index!, end: m.index! + m[0].length });
  }
  return spans;
}

/** The name inside a placeholder: "{{ first_name }}" → "first_name", "[PRÉNOM]" → "PRÉNOM". */
export function placeholderName(placeholder: string): string {
  return placeholder.replace(/^[{[%<]+[%#/>^&-]?\s*|\s*-?[%}\]>]+$/gu, '');
}

/** HTML comments: never prose; they carry replylint-disable directives. */
export function htmlCommentSpans(text: string): Span[] {
  const spans: Span[] = [];
  if (!text.includes('<!--')) return spans;
  for (const m of text.matchAll(/<!--[\s\S]*?-->/g)) spans.push({ start: m.index, end: m.index + m[0].length });
  return spans;
}
