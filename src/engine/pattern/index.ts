/**
 * The pattern engine: the pattern language (./language.ts: macros, literals, case), literal
 * anchors (./anchors.ts), the candidate index (./candidates.ts: one walk per text says which
 * patterns may match), verification (./bounded.ts: the scout and the bounded regex), the
 * questions callers ask (./match.ts), all compiled in an environment (./env.ts) that carries the
 * ReDoS guard, the anchor table and the build's recorder.
 */
export { requiredAnchors } from './anchors.js';
export { anchorFilter, BoundedPattern, PatternGroup, patternGroup } from './bounded.js';
export { CandidateIndex } from './candidates.js';
export { compilePattern } from './compile.js';
export {
  PatternEnv,
  type AnchorTable,
  type PatternEnvOptions,
  type PatternGuard,
  type RecordedPattern,
} from './env.js';
export {
  alternationBranches,
  COMMON_RANGE,
  COMMON_WORD,
  expandPattern,
  FULL_WORD,
  literalToPattern,
  lowerLiterals,
  PatternError,
  type PatternLookup,
} from './language.js';
export { firstMatch, hasMatch, matchAll, type PatternMatch } from './match.js';
export { lowerText, needsFullWordClass } from './text.js';
