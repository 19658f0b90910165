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

/** Finds the regions of a Markdown text the rules must not read as prose (CommonMark parser). */
export async function markdownRegions(text: string): Promise<MarkdownRegions> {
  // Loaded on demand: plain-text drafts (the pre-send path) never pay for the parser.
  const { fromMarkdown } = await import('mdast-util-from-markdown');
  const { frontmatter } = await import('micromark-extension-frontmatter');
  const { frontmatterFromMarkdown } = await import('mdast-util-frontmatter');
  const tree = fromMarkdown(text, { extensions: [frontmatter(['yaml'])], mdastExtensions: [frontmatterFromMarkdown(['yaml'])] }) as MdNode;
  const regions: MarkdownRegions = { hidden: [], links: [], code: [] };
  visit(tree, regions);
  return regions;
}

function spanOf(node: MdNode): Span | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : { start, end };
}

function visit(node: MdNode, regions: MarkdownRegions): void {
  const span = spanOf(node);
  if (span && HIDDEN_TYPES.has(node.type)) {
    regions.hidden.push(span);
    if (node.type !== 'html') regions.code.push(span);
    if (node.type === 'yaml') regions.frontMatter = node.value ?? '';
    return;
  }
  if (span && (node.type === 'link' || node.type === 'image' || node.type === 'definition')) {
    // The visible label stays prose; everything after it ("](url)") is the link itself.
    const labelEnd = Math.max(span.start, ...(node.children ?? []).map((c) => spanOf(c)?.end ?? span.start));
    const isAutolink = node.children?.length === 1 && node.url !== undefined && labelEnd === span.end - 1;
    regions.links.push(isAutolink ? span : { start: labelEnd, end: span.end });
  }
  for (const child of node.children ?? []) visit(child, regions);
}
