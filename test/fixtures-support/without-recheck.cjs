// Preloaded with `node --require` in tests: makes `recheck` look uninstalled, as in an
// install of the package without its optional peer dependency.
const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'recheck')
    throw Object.assign(new Error("Cannot find module 'recheck'"), { code: 'MODULE_NOT_FOUND' });
  return resolve.call(this, request, ...rest);
};
