/**
 * Build step (npm run build): parses the built-in rule and signal files once and writes their
 * data to dist/rules-cache.json, keyed by content hash (see src/rules/yaml-source.ts). Files
 * with YAML errors are left out: the run parses them and reports the error where it is.
 * Then writes the built-in patterns' literal anchors to dist/pattern-anchors.json.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltinRules, PACKAGE_ROOT } from '../rules/builtin.js';
import { writeAnchorTable } from '../rules/anchor-table.js';
import { contentKey, isJsonSafe, parseYaml, RULE_CACHE_FILE, yamlModule } from '../rules/yaml-source.js';

function yamlFilesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/i.test(f)).map((f) => join(dir, f));
  } catch {
    return [];
  }
}

const cache: Record<string, unknown> = {};
for (const file of ['rules', 'signals'].flatMap((dir) => yamlFilesUnder(join(PACKAGE_ROOT, dir)))) {
  const text = readFileSync(file, 'utf8');
  const { doc } = parseYaml(text);
  if (doc.errors.length > 0 || !yamlModule().isMap(doc.contents)) continue;
  const data: unknown = doc.toJS();
  if (isJsonSafe(data)) cache[contentKey(text)] = data;
}
writeFileSync(RULE_CACHE_FILE, JSON.stringify(cache));

// With the cache in place, load every built-in rule once to list the patterns they compile.
writeAnchorTable(() => loadBuiltinRules());
