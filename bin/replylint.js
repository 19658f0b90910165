#!/usr/bin/env node
'use strict';
// Launcher. The CLI is compiled TypeScript bundled by `npm install` into one CommonJS script,
// dist/bundle/replylint.cjs, run here with V8's code cache when the build left one made from
// these very bytes: a pre-send run then skips compiling our functions (about a tenth of its
// time). Without a usable cache (none, stale, another V8) the script is compiled as usual. On a
// Node that cannot require() an ES module (before 20.19: the script loads its lazy packages so)
// the ES module bundle runs instead: same code, same output. This file is CommonJS
// (bin/package.json) because Node starts a CommonJS entry point faster than an ES module one.
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

const bundleDir = join(__dirname, '..', 'dist', 'bundle');
const scriptFile = join(bundleDir, 'replylint.cjs');
const cacheFile = join(bundleDir, 'replylint.cjs.cache');
// Set by the build (src/tools/code-cache.ts) to write the cache after a typical run.
const writeCache = process.env.REPLYLINT_WRITE_CODE_CACHE === '1';

/** The cache's V8 data if the cache was made from exactly these bytes (it starts with a copy of them). */
function cacheFor(source) {
  try {
    const cache = readFileSync(cacheFile);
    const length = cache.readUInt32LE(0);
    return length === source.length && source.equals(cache.subarray(4, 4 + length))
      ? cache.subarray(4 + length)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The cache file: its length, the bytes it was made from, V8's data. */
function withSource(source, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(source.length);
  return Buffer.concat([length, source, data]);
}

function mainFromScript() {
  const source = readFileSync(scriptFile);
  const cachedData = writeCache ? undefined : cacheFor(source);
  // The bundle is one function expression, in ASCII (src/tools/bundle.ts).
  const script = new vm.Script(source.toString('latin1'), { filename: scriptFile, cachedData });
  if (process.env.REPLYLINT_DEBUG_CODE_CACHE === '1')
    process.stderr.write(`code cache: ${!cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used'}\n`);
  const module = { exports: {} };
  script.runInThisContext()(
    module.exports,
    createRequire(scriptFile),
    module,
    scriptFile,
    bundleDir,
    pathToFileURL(scriptFile).href,
  );
  const after = () => writeCache && writeFileSync(cacheFile, withSource(source, script.createCachedData()));
  return { main: module.exports.main, after };
}

async function run() {
  const fromScript = process.features.require_module ? mainFromScript() : undefined;
  const { main } = fromScript ?? (await import('../dist/bundle/replylint.js'));
  process.exitCode = await main(process.argv);
  fromScript?.after();
}

run();
