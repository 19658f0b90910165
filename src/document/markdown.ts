import type { Span } from '../diagnostics.js';

export interface MarkdownRegions {
  /** Code blocks, inline code, HTML and front matter: never linted. */
  hidden: Span[];
  /** Link destinations: hidden as words, but seen by the rules as "a link is here". */
  links: Span[];
  /** Code and front matter: what looks like a placeholder there is not one. */
  code: Span[];
  /** The YAML front matter's text (metadata such as `when:`), if the file starts with one. */
  frontMatter?: string;
}

interface MdNode {
  type: string;
  url?: string;
  value?: string;
  children?: MdNode[];
  position?: { start: { offset?: number }; end: { offset?: number } };
}

const HIDDEN_TYPES = new Set(['code', 'inlineCode', 'html', 'yaml', 'toml', 'math', 'inlineMath']);

/**
 * Bounds on what is handed to the Markdown parser (micromark). Its time grows faster than the
 * text on some inputs: thousands of unclosed brackets or `[a](` openings, deep block quotes, runs
 * of emphasis markers or inline code (measured: 8,000 `[a](` take 2 s, 200,000 `[` over 5 min).
 * A text over one of these bounds is linted as plain text instead (code and link destinations
 * are then read as prose), and the CLI says which bound stopped it. Each bound keeps the parse
 * within a few seconds; a reply (even a long Markdown article) stays far below them.
 */
export const MARKDOWN_BOUNDS = {
  /** Characters. */
  size: 1024 * 1024,
  /** Each of the characters that open inline constructs: [ ] * _ ` < ! */
  markers: 5000,
  /** Block-quote markers (>) at the start of one line. */
  nesting: 100,
} as const;

const MARKERS = new Set(['[', ']', '*', '_', '`', '<', '!']);

/** Why a text is over the Markdown parser's bounds, or undefined when it can be parsed. */
export function markdownOverBounds(text: string): string | undefined {
  if (text.length > MARKDOWN_BOUNDS.size) return `over ${MARKDOWN_BOUNDS.size / 1024 / 1024} MB`;
  const counts = new Map<string, number>();
  let quoteDepth = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n' || c === '\r') {
      lineStart = true;
      quoteDepth = 0;
      continue;
    }
    if (lineStart && c === '>') {
      if (++quoteDepth > MARKDOWN_BOUNDS.nesting) return `block quotes nested over ${MARKDOWN_BOUNDS.nesting} deep`;
      continue;
    }
    if (lineStart && c !== ' ' && c !== '\t') lineStart = false;
    if (!MARKERS.has(c)) continue;
    const n = (counts.get(c) ?? 0) + 1;
    if (n > MARKDOWN_BOUNDS.markers) return `over ${MARKDOWN_BOUNDS.markers} '${c}'`;
    counts.set(c, n);
  }
  return undefined;
}

/** Finds the regions of a Markdown text the rules must not read as prose (CommonMark parser). */
export async function markdownRegions(text: string): Promise<MarkdownRegions> {
  // Over the bounds: plain text (the CLI reports it, with markdownOverBounds' reason).
  if (markdownOverBounds(text) !== undefined) return { hidden: [], links: [], code: [] };
  // Loaded on demand: plain-text drafts (the pre-send path) never pay for the parser.
  const { fromMarkdown } = await import('mdast-util-from-markdown');
  const { frontmatter } = await import('micromark-extension-frontmatter');
  const { frontmatterFromMarkdown } = await import('mdast-util-frontmatter');
  const tree = fromMarkdown(text, {
    extensions: [frontmatter(['yaml'])],
    mdastExtensions: [frontmatterFromMarkdown(['yaml'])],
  }) as MdNode;
  const regions: MarkdownRegions = { hidden: [], links: [], code: [] };
  visit(tree, regions);
  return regions;
}

function spanOf(node: MdNode): Span | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : { start, end };
}

/** A stack, not recursion: deep nesting (lists in quotes in lists...) must not overflow the call stack. */
function visit(root: MdNode, regions: MarkdownRegions): void {
  const stack: MdNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const span = spanOf(node);
    if (span && HIDDEN_TYPES.has(node.type)) {
      regions.hidden.push(span);
      if (node.type !== 'html') regions.code.push(span);
      if (node.type === 'yaml') regions.frontMatter = node.value ?? '';
      continue;
    }
    if (span && (node.type === 'link' || node.type === 'image' || node.type === 'definition')) {
      // The visible label stays prose; everything after it ("](url)") is the link itself.
      let labelEnd = span.start;
      for (const child of node.children ?? []) labelEnd = Math.max(labelEnd, spanOf(child)?.end ?? span.start);
      const isAutolink = node.children?.length === 1 && node.url !== undefined && labelEnd === span.end - 1;
      regions.links.push(isAutolink ? span : { start: labelEnd, end: span.end });
    }
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}
