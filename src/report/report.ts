import type { Diagnostic, InputNotice } from '../diagnostics.js';

/** Everything a run produced; every format is a function of this and nothing else. */
export interface RunResult {
  /** Every input that was linted, in order, even those with no findings (JUnit/SARIF need them). */
  files: string[];
  diagnostics: Diagnostic[];
  notices: InputNotice[];
}

export interface ReportOptions {
  color: boolean;
}

export type Formatter = (result: RunResult, options: ReportOptions) => string | Promise<string>;

/** Format name → module, loaded on demand so a run pays only for the format it prints. */
export const FORMATS: Record<string, () => Promise<Formatter>> = {
  stylish: async () => (await import('./stylish.js')).stylish,
  json: async () => (await import('./json.js')).json,
};
