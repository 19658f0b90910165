#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript in dist/ (built by `npm install`).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
