import type { Level, Span } from '../diagnostics.js';
import type { ReplyDocument } from '../document/document.js';
import type { Lang } from '../lang/detect.js';
import type { FieldReader, FieldSpec } from '../core/fields.js';
import type { PatternLookup } from './pattern/index.js';

/**
 * The message answered (one name everywhere: "the message answered", `inReplyTo` in code and
 * `--in-reply-to` / `in_reply_to` in inputs), with its signals (complaint, question...) computed on demand.
 */
export interface AnsweredMessage {
  readonly doc: ReplyDocument;
  has(signal: string): boolean;
}

/**
 * Team settings a rule may read (from the configuration file or the command line). Every field
 * is optional: a rule that needs one it does not have stays silent rather than guess.
 */
export interface Settings {
  brand?: {
    /** The brand's name as it signs ("Acme Support"). */
    name?: string;
    /** Official handles, e.g. ["@acme", "@acme_help"]. */
    handles?: string[];
    /** The brand's voice: "we" (default for brands) or "I". */
    voice?: 'we' | 'I';
  };
  /** Response-time target in minutes (tip 8). */
  responseTargetMinutes?: number;
  /** Words the team accepts (product names that look like jargon or shouting). */
  vocabulary?: string[];
  /** draft: about to be sent (placeholders are errors); template: a canned reply. */
  mode?: 'draft' | 'template';
  /** Lint quoted e-mail history ("> ..." lines, "On Mon, Chris wrote:" and below) too; off by default. */
  lintQuotedText?: boolean;
}

/** When the message was received and the reply sent or drafted, if the input says so. */
export interface Timing {
  receivedAt?: Date;
  sentAt?: Date;
}

export interface CheckInput {
  doc: ReplyDocument;
  /**
   * The caller only asks whether there is a finding (a signal of the message): a check may stop
   * at its first, and leave the rest of its patterns uncompiled.
   */
  presence?: boolean;
  /** The message answered, when the input gives it. */
  message?: AnsweredMessage;
  settings?: Settings;
  timing?: Timing;
}

/** What a check reports; the engine turns it into a Finding with the rule's metadata. */
export interface RawMatch {
  span: Span;
  /** Values for the message's {placeholders} besides {match}. */
  vars?: Record<string, string>;
  /** Text that can safely replace the span (offered to --fix). */
  fix?: string;
  /** A model's score for the finding (classifier rules): reported in JSON. */
  score?: number;
  /** A message template for this match instead of the rule's `message` (a model's finding). */
  message?: string;
}

/**
 * A rule's check. `test`, when a type gives one, answers whether the check would find anything,
 * stopping at the first finding (signals and `when:` only ask that); without it, the caller runs
 * the check and looks at the length.
 */
export type Check = ((input: CheckInput) => RawMatch[]) & {
  test?: (input: CheckInput) => boolean;
  /**
   * When the check depends on its patterns only through one candidate question (a caseless
   * group of patterns, all with anchors): the anchors of that question, one of which the
   * lower-cased text must hold for the check to find anything but its type's `withoutCandidates`.
   * The build writes them per rule (src/rules/anchor-table.ts), so that a run decides such a rule
   * without compiling its patterns. Asked by the build only (working them out reads every pattern's).
   */
  candidateAnchors?: () => readonly string[];
};

/** Whether a check finds anything, through its presence test when it has one. */
export function finds(check: Check, input: CheckInput): boolean {
  return check.test ? check.test(input) : check(input).length > 0;
}

export interface CompileEnv {
  lang: Lang;
  lookup: PatternLookup;
  /**
   * The union of anchors the build worked out for this check's group of patterns
   * (Check.candidateAnchors), when the rule file is as built: a type passes it to patternGroup
   * with the same patterns, rather than the group working it out again.
   */
  candidateAnchors?: readonly string[];
  /** Compiles one pattern as `patterns` does (a type that reads its patterns from elsewhere). */
  pattern(source: string): RegExp;
  /** Compiles the regex list in a field, reporting a bad pattern at its own line. */
  patterns(
    reader: FieldReader,
    field: string,
    options?: { required?: boolean; transform?: (source: string) => string },
  ): RegExp[];
}

/** What every rule type declares: its name, what it flags, and its fields (each once). */
/**
 * What a rule of a type cannot work without, beyond the reply (without it the rule stays silent):
 * the message answered, the brand's settings, the time the message was received.
 */
export type RuleNeed = 'message' | 'brand' | 'received-time';

interface RuleTypeInfo {
  readonly name: string;
  /** What a rule of this type flags (the README's type table). */
  readonly doc: string;
  /** What it is silent without (`replylint rules` says so); a rule with `when` needs the message too. */
  readonly needs?: readonly RuleNeed[];
  /** The fields a rule file of this type may set, besides the fields every rule has. */
  readonly fields: readonly FieldSpec[];
}

/** One rule type = one engine module: it reads its own YAML fields and returns a pure check of one reply. */
export interface RuleType extends RuleTypeInfo {
  readonly kind: 'reply';
  compile(reader: FieldReader, env: CompileEnv): Check;
  /**
   * What a check of this type finds when no pattern of its is a candidate (the text holds none
   * of its `candidateAnchors`): the same as the check would, without compiling it.
   */
  withoutCandidates?(input: CheckInput): RawMatch[];
  /**
   * Whether a check of this type finds nothing on this input whatever its fields (a setting it
   * cannot work without is missing: no brand, no sending time). A built-in rule is then
   * answered without compiling its patterns (src/rules/load.ts).
   */
  silent?(input: CheckInput): boolean;
}

export interface Example {
  reply: string;
  in_reply_to?: string;
  /** From the example's optional received_at / sent_at (ISO 8601), for timing rules. */
  timing?: Timing;
  /** From the example's optional settings map (brand, voice, response target). */
  settings?: Settings;
  /** For a corpus rule: the replies judged together (e.g. two near-duplicate templates). */
  replies?: string[];
}

/** What a corpus check reports: a place in one reply of the run, tied to a place in another. */
export interface CorpusMatch {
  /** Index (in the list given to the check) of the reply the finding is reported on. */
  doc: number;
  span: Span;
  /** The other reply involved (e.g. the earlier of two near-duplicates), and where. */
  other: number;
  otherSpan: Span;
  vars?: Record<string, string>;
}

/**
 * A check that judges the replies of a run all at once (pure, like Check), after the last one.
 * Only the replies it `compares` are kept for it: a run of drafts keeps none for a rule that
 * compares templates.
 */
export interface CorpusCheck {
  /** Whether a reply linted with these settings is one this rule compares (its mode, say). */
  compares(settings: Settings | undefined): boolean;
  /**
   * `docs[i]` was linted with `settings[i]`; only replies `compares` accepted are given.
   * `notify`: a bound stopped the judgement at `docs[doc]` (the rest were not judged).
   */
  judge(
    docs: readonly ReplyDocument[],
    settings: readonly (Settings | undefined)[],
    notify?: CorpusNotify,
  ): CorpusMatch[];
}

/** A corpus check says so when a bound stopped it, rather than judging part of a run silently. */
export type CorpusNotify = (doc: number, message: string) => void;

/** A rule type whose rules look at the whole run rather than one reply (canned-duplicate). */
export interface CorpusRuleType extends RuleTypeInfo {
  readonly kind: 'corpus';
  compile(reader: FieldReader, env: CompileEnv): CorpusCheck;
}

/** Either kind; the registry holds both. */
export type AnyRuleType = RuleType | CorpusRuleType;

interface RuleInfo {
  id: string;
  family: string;
  tip: number;
  level: Level;
  lang: Lang;
  type: string;
  description: string;
  why?: string;
  message: string;
  suggest?: string;
  /** Conditions on the message answered; the rule runs when any holds. Empty: always runs. */
  when: string[];
  examples: { flag: Example[]; pass: Example[] };
  file: string;
}

/** A rule that checks one reply at a time. */
export interface ReplyRule extends RuleInfo {
  kind: 'reply';
  check: Check;
}

/** A rule that judges the replies of a run together, after the last one. */
export interface CorpusRule extends RuleInfo {
  kind: 'corpus';
  corpus: CorpusCheck;
}

export type CompiledRule = ReplyRule | CorpusRule;
