#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript bundled into one file (dist/bundle/, built by
// `npm install`): one module to load instead of thirty is a sixth of the start-up time.
import { main } from '../dist/bundle/replylint.js';

process.exitCode = await main(process.argv);
