/**
 * Build step (npm run build): parses the built-in rule and signal files once and writes their
 * data to dist/rules-cache.json, keyed by their text (see src/rules/yaml-source.ts). Files
 * with YAML errors are left out: the run parses them and reports the error where it is.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../rules/builtin.js';
import { isJsonSafe, parseYaml, RULE_CACHE_FILE, yamlModule, type RuleCacheEntries } from '../rules/yaml-source.js';

function yamlFilesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/i.test(f)).map((f) => join(dir, f));
  } catch {
    return [];
  }
}

const cache: RuleCacheEntries = [];
for (const file of ['rules', 'signals'].flatMap((dir) => yamlFilesUnder(join(PACKAGE_ROOT, dir)))) {
  const text = readFileSync(file, 'utf8');
  const { doc } = parseYaml(text);
  if (doc.errors.length > 0 || !yamlModule().isMap(doc.contents)) continue;
  const data: unknown = doc.toJS();
  if (isJsonSafe(data)) cache.push([text, data as Record<string, unknown>]);
}
writeFileSync(RULE_CACHE_FILE, JSON.stringify(cache));
