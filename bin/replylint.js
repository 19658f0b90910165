#!/usr/bin/env node
'use strict';
// Launcher. The CLI is compiled TypeScript bundled by `npm install` into one CommonJS script,
// dist/bundle/replylint.cjs, run here with V8's code cache when the build left one made from
// these very bytes: a pre-send run then skips compiling our functions (about a tenth of its
// time). Without a usable cache (none, stale, another V8) the script is compiled as usual. On a
// Node that cannot require() an ES module (before 20.19: the script loads its lazy packages so)
// the ES module bundle runs instead: same code, same output. This file is CommonJS
// (bin/package.json) because Node starts a CommonJS entry point faster than an ES module one.
const { readFileSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

const bundleDir = join(__dirname, '..', 'dist', 'bundle');
const scriptFile = join(bundleDir, 'replylint.cjs');
const cacheFile = join(bundleDir, 'replylint.cjs.cache');
// Set by the build (src/tools/code-cache.ts) to write the cache after a typical run.
const writeCache = process.env.REPLYLINT_WRITE_CODE_CACHE === '1';

/**
 * The cache file: the length of the bundle it was made from (4 bytes), those bytes, zeros up to
 * a multiple of 8, V8's data. V8 copies cached data that is not 8-byte aligned before reading it
 * (420 KB, a hundred page faults of each start): so the data starts aligned in the file, and
 * readFileSync's buffer is aligned.
 */
const dataStart = (length) => (4 + length + 7) & ~7;

/**
 * The bundle's bytes and, when the cache was made from exactly these bytes, V8's data.
 *
 * The cache holds a copy of the bundle it was made from, so that a run never hands V8 data made
 * from other bytes (V8 itself checks only the source's length). When the bundle has that length
 * and was not modified after the cache was written (the build writes the cache after the bundle;
 * an npm install gives both the tarball's time), the copy in the cache is the script: the bundle
 * is not read at all (half a megabyte and some 130 page faults less at each start). Either way
 * the source V8 compiles is the one its data was made from; only an edit of the bundle that
 * leaves its length and sets its time back to the cache's or earlier would go unnoticed (the
 * build's output, never edited in place by hand: `npm run bundle` makes both files again).
 * Otherwise the bundle is read and compared with the copy byte for byte, as it always was.
 */
function scriptAndCache() {
  if (writeCache) return { source: readFileSync(scriptFile) };
  try {
    const cache = readFileSync(cacheFile);
    const length = cache.readUInt32LE(0);
    const copy = cache.subarray(4, 4 + length);
    const cachedData = cache.subarray(dataStart(length));
    if (copy.length !== length || cachedData.length === 0) return { source: readFileSync(scriptFile) };
    const script = statSync(scriptFile, { throwIfNoEntry: false });
    if (script && script.size === length && script.mtimeMs <= statSync(cacheFile).mtimeMs)
      return { source: copy, cachedData };
    const source = readFileSync(scriptFile);
    return { source, cachedData: source.equals(copy) ? cachedData : undefined };
  } catch {
    return { source: readFileSync(scriptFile) }; // no cache (or none readable): compiled as usual
  }
}

/** The cache file: the bundle's length, its bytes, padding, V8's data (see dataStart). */
function withSource(source, data) {
  const head = Buffer.alloc(dataStart(source.length) - source.length);
  head.writeUInt32LE(source.length);
  return Buffer.concat([head.subarray(0, 4), source, head.subarray(4), data]);
}

function mainFromScript() {
  const { source, cachedData } = scriptAndCache();
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

/**
 * process.stdout and process.stderr as something creates them (the pre-send path writes with
 * writeSync and creates neither): Node defines each as a configurable getter that makes the
 * stream on first read; this one notes it, puts Node's back and reads it.
 */
const streams = [];
for (const name of ['stdout', 'stderr']) {
  const original = Object.getOwnPropertyDescriptor(process, name);
  if (!original?.get || !original.configurable) continue;
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: original.enumerable,
    get() {
      Object.defineProperty(process, name, original);
      const stream = process[name];
      streams.push(stream);
      return stream;
    },
  });
}

/**
 * Whether the run has ended: nothing left that would keep Node's event loop going (no handle,
 * request, timer or immediate: a server, the LSP or an audit's workers keep theirs), no
 * 'beforeExit' listener, and nothing waiting in a stdio stream's buffer. Node would then exit
 * as well, after running the tasks V8 posted (a young-generation collection scheduled near the
 * end of a run, 2-5 M instructions on three threads) and tearing the heap down: exiting here
 * skips that work, and nothing else changes (same exit code, same 'exit' event).
 */
const ended = () =>
  process.getActiveResourcesInfo().length === 0 &&
  process.listenerCount('beforeExit') === 0 &&
  streams.every((stream) => stream.writableLength === 0);

async function run() {
  const fromScript = process.features.require_module ? mainFromScript() : undefined;
  const { main } = fromScript ?? (await import('../dist/bundle/replylint.js'));
  process.exitCode = await main(process.argv);
  fromScript?.after();
  if (ended()) process.exit();
}

run();
