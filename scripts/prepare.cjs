#!/usr/bin/env node
'use strict';
// npm's `prepare` (npm ci, npm pack, installs from git): builds dist/ with the devDependencies.
//
// An install from git (`npm install -g git+https://...`, pre-commit's node hooks) clones the
// repository and builds it with its devDependencies before packing it; but under
// `npm install -g`, npm lets the global flag reach that nested install, which then puts the
// devDependencies elsewhere and the build fails with "tsc: not found". So, when the build tools
// are missing, they are installed here, locally, in the clone (and only for the build: what
// npm installs globally is the packed package, with its production dependencies only).
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];

function run(args, env = process.env) {
  const [command, ...rest] = [...npm, ...args];
  const result = spawnSync(command, rest, {
    cwd: root,
    stdio: 'inherit',
    env,
    shell: command === 'npm' && process.platform === 'win32',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(join(root, 'node_modules', 'typescript', 'bin', 'tsc'))) {
  // A clean environment for the nested install: no global flag, prefix or omitted dev deps.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^npm_config_(global|location|prefix|omit|production|only|allow_scripts|allow-scripts)$/i.test(key),
    ),
  );
  run(
    ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--include=dev', '--location=project'],
    env,
  );
}
run(['run', 'build']);
