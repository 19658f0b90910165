import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Start-up cache: the built-in rule files' parsed data, written at build time into
 * dist/rules-cache.bin: one line of ASCII JSON listing each file's byte length and data, then
 * the files' bytes in the same order. A file is served from the cache only if its bytes equal
 * the copy (an edited file misses and is parsed and validated again). Comparing bytes needs
 * neither a hash (crypto) nor decoding the files; ASCII JSON decodes without UTF-8 work.
 * Measured: parsing the YAML (and loading the yaml package) cost more than compiling the
 * rules' regular expressions.
 */
export const RULE_CACHE_FILE = new URL('../rules-cache.bin', import.meta.url);
type RuleData = Record<string, unknown>;
export type RuleCacheEntry = [byteLength: number, data: RuleData];
/** Cached files by byte length (the key that finds the copies to compare with). */
let cache: Map<number, { bytes: Uint8Array; data: RuleData }[]> | undefined;

export function writeRuleCache(files: { bytes: Uint8Array; data: RuleData }[]): void {
  const json = JSON.stringify(files.map(({ bytes, data }): RuleCacheEntry => [bytes.length, data]));
  const ascii = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  writeFileSync(RULE_CACHE_FILE, Buffer.concat([Buffer.from(`${ascii}\n`, 'latin1'), ...files.map((f) => f.bytes)]));
}

function readRuleCache(): NonNullable<typeof cache> {
  const byLength: NonNullable<typeof cache> = new Map();
  try {
    const buffer = readFileSync(RULE_CACHE_FILE);
    let offset = buffer.indexOf(10) + 1;
    for (const [length, data] of JSON.parse(buffer.toString('latin1', 0, offset - 1)) as RuleCacheEntry[]) {
      const bytes = buffer.subarray(offset, (offset += length));
      byLength.set(length, [...(byLength.get(length) ?? []), { bytes, data }]);
    }
  } catch {
    byLength.clear(); // no cache (a source checkout before its build): every file is parsed
  }
  return byLength;
}

/**
 * The data of a file byte-identical to one parsed at build time. Shared, not copied: the
 * loader and the rule types only read it (test/startup.test.ts checks it is left unchanged).
 */
export function cachedRuleData(bytes: Uint8Array): RuleData | undefined {
  cache ??= readRuleCache();
  return cache.get(bytes.length)?.find((copy) => Buffer.compare(copy.bytes, bytes) === 0)?.data;
}

/** Only data that JSON keeps as it is can be cached (NaN, Infinity or dates would change). */
export function isJsonSafe(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonSafe);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every(isJsonSafe);
  return false;
}
