import type { Lang } from '../lang/detect.js';

/** One built-in rule or signal file, parsed and validated at build time. */
export interface PackFile {
  /** Its path in the package, e.g. rules/en/hostile-tone.yml (named in messages and links). */
  file: string;
  lang: Lang;
  data: Record<string, unknown>;
}

/** A trained model's weight file (models/<name>-<lang>.bin), base64: the page has no file to read. */
export interface PackModel {
  name: string;
  lang: string;
  base64: string;
}

export interface BuiltPack {
  signals: PackFile[];
  rules: PackFile[];
  models: PackModel[];
}

/**
 * The built-in rule pack, precompiled. Empty in the sources: the browser build
 * (src/tools/bundle-browser.ts) replaces this module with the data of the pack it validated.
 */
export const PACK: BuiltPack = { signals: [], rules: [], models: [] };
