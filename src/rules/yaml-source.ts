import { createHash } from 'node:crypto';
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
 * dist/rules-cache.json and keyed by a hash of each file's content, so an edited file simply
 * misses and is parsed again. Measured: parsing the YAML (and loading the yaml package) cost
 * more than compiling the rules' regular expressions, which V8 does lazily anyway.
 */
export const RULE_CACHE_FILE = new URL('../rules-cache.json', import.meta.url);
let cache: Record<string, Record<string, unknown>> | undefined;

export function contentKey(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export function cachedRuleData(text: string): Record<string, unknown> | undefined {
  if (cache === undefined) {
    try {
      cache = JSON.parse(readFileSync(RULE_CACHE_FILE, 'utf8')) as Record<string, Record<string, unknown>>;
    } catch {
      cache = {};
    }
  }
  const data = cache[contentKey(text)];
  return data === undefined ? undefined : structuredClone(data);
}

/** Only data that JSON keeps as it is can be cached (NaN, Infinity or dates would change). */
export function isJsonSafe(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonSafe);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every(isJsonSafe);
  return false;
}
