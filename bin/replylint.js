#!/usr/bin/env node
// Launcher. The CLI is compiled TypeScript bundled by `npm install` into one CommonJS script,
// dist/bundle/replylint.cjs, run here with V8's code cache when the build left one that was made
// from these very bytes: a pre-send run then skips compiling our functions (about a tenth of its
// time). Without a usable cache (none, stale, another V8) the script is compiled as usual. On a
// Node that cannot require() an ES module (before 20.19: the script loads its lazy packages so)
// the ES module bundle runs instead: same code, same output.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const script = new URL('../dist/bundle/replylint.cjs', import.meta.url);
const cacheFile = new URL('../dist/bundle/replylint.cjs.cache', import.meta.url);
// Set by the build (src/tools/code-cache.ts) to write the cache after a typical run.
const writeCache = process.env.REPLYLINT_WRITE_CODE_CACHE === '1';

/** The cache's V8 data if the cache was made from exactly these bytes (it starts with a copy of them). */
function cacheFor(source) {
  try {
    const cache = readFileSync(cacheFile);
    const length = cache.readUInt32LE(0);
    return length === source.length && source.equals(cache.subarray(4, 4 + length)) ? cache.subarray(4 + length) : undefined;
  } catch {
    return undefined;
  }
}

async function mainFromScript() {
  if (!process.features.require_module) return undefined;
  const source = readFileSync(script);
  const cachedData = writeCache ? undefined : cacheFor(source);
  const wrapped = `(function (exports, require, module, __filename, __dirname, __bundle_url) {${source.toString('utf8')}\n})`;
  const path = fileURLToPath(script);
  const compiled = new vm.Script(wrapped, { filename: path, cachedData });
  if (process.env.REPLYLINT_DEBUG_CODE_CACHE === '1') process.stderr.write(`code cache: ${!cachedData ? 'none' : compiled.cachedDataRejected ? 'rejected' : 'used'}\n`);
  const module = { exports: {} };
  compiled.runInThisContext()(module.exports, createRequire(script), module, path, fileURLToPath(new URL('.', script)), script.href);
  const after = writeCache ? () => writeFileSync(cacheFile, withSource(source, compiled.createCachedData())) : () => {};
  return { main: module.exports.main, after };
}

function withSource(source, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(source.length);
  return Buffer.concat([length, source, data]);
}

const fromScript = await mainFromScript();
const { main } = fromScript ?? (await import('../dist/bundle/replylint.js'));
process.exitCode = await main(process.argv);
fromScript?.after();
