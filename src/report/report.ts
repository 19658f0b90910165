import type { Formatter } from './result.js';
import { stylish } from './stylish.js';

/**
 * Format name → module, loaded on demand so a run pays only for the format it prints; but the
 * default one is part of the main module (a draft prints it: one module fewer to load).
 */
export const FORMATS: Record<string, () => Promise<Formatter>> = {
  stylish: async () => stylish,
  json: async () => (await import('./json.js')).json,
  sarif: async () => (await import('./sarif.js')).sarif,
  github: async () => (await import('./github.js')).github,
  junit: async () => (await import('./junit.js')).junit,
};
