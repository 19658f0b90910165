import { createRequire } from 'node:module';
import type { Document, LineCounter } from 'yaml';

/** A YAML file parsed with positions: needed to say where a field is wrong. */
export interface ParsedYaml {
  doc: Document.Parsed;
  lines: LineCounter;
}

const require = createRequire(import.meta.url);

/** The yaml package, loaded on first use: a run served from the rule cache never loads it. */
export function yamlModule(): typeof import('yaml') {
  return require('yaml') as typeof import('yaml');
}

export function parseYaml(text: string): ParsedYaml {
  const { LineCounter, parseDocument } = yamlModule();
  const lines = new LineCounter();
  return { doc: parseDocument(text, { lineCounter: lines, prettyErrors: false, logLevel: 'error' }), lines };
}
