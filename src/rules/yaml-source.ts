import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Document, LineCounter } from 'yaml';

/** A rule file parsed with positions: needed to say where a field is wrong. */
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
  return { doc: parseDocument(text, { lineCounter: lines, prettyErrors: false }), lines };
}

/**
 * Start-up cache: the built-in rule files' parsed data, written at build time into
 * dist/rules-cache.json as [file text, data] pairs. The key is the text itself, so an edited
 * file simply misses and is parsed (and validated) again; the Map compares whole texts, which
 * costs less than hashing them (no crypto module to load). Measured: parsing the YAML (and
 * loading the yaml package) cost more than compiling the rules' regular expressions.
 */
export const RULE_CACHE_FILE = new URL('../rules-cache.json', import.meta.url);
export type RuleCacheEntries = [text: string, data: Record<string, unknown>][];
let cache: Map<string, Record<string, unknown>> | undefined;

/**
 * The data of a file byte-identical to one parsed at build time. Shared, not copied: the
 * loader and the rule types only read it (test/startup.test.ts checks it is left unchanged).
 */
export function cachedRuleData(text: string): Record<string, unknown> | undefined {
  if (cache === undefined) {
    try {
      cache = new Map(JSON.parse(readFileSync(RULE_CACHE_FILE, 'utf8')) as RuleCacheEntries);
    } catch {
      cache = new Map();
    }
  }
  return cache.get(text);
}

/** Only data that JSON keeps as it is can be cached (NaN, Infinity or dates would change). */
export function isJsonSafe(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonSafe);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every(isJsonSafe);
  return false;
}
