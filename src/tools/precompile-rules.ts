/**
 * Build step (npm run build): validates the built-in rule pack (every rule compiled, as a run
 * with user rules does), then writes the files' parsed data and bytes to dist/rules-cache.bin
 * (see src/rules/rule-cache.ts). A run compiles a cached file's checks only when it
 * needs them, so the cache holds nothing unless the whole pack validated: otherwise the run
 * parses every file and reports the error where it is.
 * Then writes the built-in patterns' literal anchors to dist/pattern-anchors.<lang>.txt.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../core/package.js';
import { writeAnchorTable } from '../rules/anchor-table.js';
import { loadRuleSet } from '../rules/load.js';
import { parseYaml, yamlModule } from '../core/yaml.js';
import { isJsonSafe, RULE_CACHE_FILE, writeRuleCache } from '../rules/rule-cache.js';

function yamlFilesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.ya?ml$/i.test(f))
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

function packIsValid(): boolean {
  rmSync(RULE_CACHE_FILE, { force: true }); // validate every file; serve nothing from the last build
  try {
    loadRuleSet({ builtinRoot: PACKAGE_ROOT });
    return true;
  } catch (error) {
    process.stderr.write(
      `precompile-rules: no rule cache, the built-in rules do not load: ${(error as Error).message}\n`,
    );
    return false;
  }
}

const cache: Parameters<typeof writeRuleCache>[0] = [];
const files = packIsValid() ? ['rules', 'signals'].flatMap((dir) => yamlFilesUnder(join(PACKAGE_ROOT, dir))) : [];
for (const file of files) {
  const bytes = readFileSync(file);
  const { doc } = parseYaml(bytes.toString('utf8'));
  if (doc.errors.length > 0 || !yamlModule().isMap(doc.contents)) continue;
  const data: unknown = doc.toJS();
  if (isJsonSafe(data)) cache.push({ bytes, data: data as Record<string, unknown> });
}
writeRuleCache(cache);

// With the cache in place, load every built-in rule once, compiling every check (not lazily),
// to list the patterns they compile.
writeAnchorTable((envs) => loadRuleSet({ builtinRoot: PACKAGE_ROOT, envs }));
