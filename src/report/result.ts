import type { Diagnostic, InputNotice, Level } from '../diagnostics.js';

/** Everything a run produced; every format is a function of this and nothing else. */
export interface RunResult {
  /** Every input that was linted, in order, even those with no findings (JUnit/SARIF need them). */
  files: string[];
  diagnostics: Diagnostic[];
  notices: InputNotice[];
  /** The rules that ran (SARIF describes them); absent when a caller does not know. */
  rules?: RuleInfo[];
}

/** What a report may say about a rule. */
export interface RuleInfo {
  id: string;
  family: string;
  tip: number;
  level: Level;
  description: string;
  why?: string;
  suggest?: string;
  /** The rule's documentation page (built-in rules: docs/rules/<id>.md). */
  docsUrl?: string;
}

export interface ReportOptions {
  color: boolean;
  /** Findings at or above this level fail the run (default: warning); JUnit marks them as failures. */
  failLevel?: Level;
}

export type Formatter = (result: RunResult, options: ReportOptions) => string | Promise<string>;
