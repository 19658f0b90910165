import { CandidateIndex } from './candidates.js';
import { TextForms } from './text.js';

/** Extra check on every pattern compiled in an environment (e.g. ReDoS analysis of user rules). */
export type PatternGuard = (expandedSource: string) => string | undefined;

/**
 * The anchors of the built-in patterns, worked out at build time (dist/pattern-anchors.<lang>.txt):
 * analysing the ~400 patterns of a language costs about 20 ms, a fifth of a pre-send run. A
 * source the table does not know (a user's rule) is analysed when it first runs.
 */
export type AnchorTable = (key: string) => string[] | undefined;

/** What the build reads of each pattern compiled, to fill the anchor table (a BoundedPattern). */
export interface RecordedPattern {
  readonly anchorKey: string;
  readonly runSource: string;
  alternationParts(): RecordedPattern[] | null;
}

export interface PatternEnvOptions {
  /** The language of the rules compiled in it (the build's anchor tables are per language). */
  lang?: string;
  anchorTable?: AnchorTable;
  guard?: PatternGuard;
  /** Collects every pattern compiled (the build lists the built-in ones to fill the anchor table). */
  recorder?: RecordedPattern[];
  /** Collects, by rule key, the candidate anchors of every check that has them (the build's table). */
  ruleRecorder?: Map<string, () => readonly string[]>;
}

/**
 * Everything compiling and matching a pattern depends on besides its source, passed in rather
 * than kept in module variables: what a rule pack compiles in one environment cannot leak into
 * another (a user's guarded rules, the build's recording, a test's fresh index). One
 * environment per language of a rule set: its patterns share one candidate index (one walk per
 * text for all of them) and one memo of the texts' lower-cased forms.
 */
export class PatternEnv {
  readonly lang: string | undefined;
  readonly anchorTable: AnchorTable | undefined;
  readonly guard: PatternGuard | undefined;
  readonly recorder: RecordedPattern[] | undefined;
  readonly ruleRecorder: Map<string, () => readonly string[]> | undefined;
  readonly index: CandidateIndex;
  readonly texts: TextForms;

  constructor(options: PatternEnvOptions = {}, shared?: { index: CandidateIndex; texts: TextForms }) {
    this.lang = options.lang;
    this.anchorTable = options.anchorTable;
    this.guard = options.guard;
    this.recorder = options.recorder;
    this.ruleRecorder = options.ruleRecorder;
    this.index = shared?.index ?? new CandidateIndex();
    this.texts = shared?.texts ?? new TextForms();
  }

  /** The same environment with a guard on what it compiles (user rules): same index and texts. */
  guarded(guard: PatternGuard): PatternEnv {
    return new PatternEnv({ lang: this.lang, anchorTable: this.anchorTable, guard, recorder: this.recorder }, this);
  }
}
