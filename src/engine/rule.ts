import type { Level, Span } from '../diagnostics.js';
import type { ReplyDocument } from '../document/document.js';
import type { Lang } from '../lang/detect.js';
import type { FieldReader } from '../rules/fields.js';
import type { PatternLookup } from './patterns.js';

/** The message a reply answers, with its signals (complaint, question...) computed on demand. */
export interface IncomingMessage {
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
}

/** When the message was received and the reply sent or drafted, if the input says so. */
export interface Timing {
  receivedAt?: Date;
  sentAt?: Date;
}

export interface CheckInput {
  doc: ReplyDocument;
  message?: IncomingMessage;
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
}

export type Check = (input: CheckInput) => RawMatch[];

export interface CompileEnv {
  lang: Lang;
  lookup: PatternLookup;
  /** Compiles the regex list in a field, reporting a bad pattern at its own line. */
  patterns(
    reader: FieldReader,
    field: string,
    options?: { required?: boolean; transform?: (source: string) => string },
  ): RegExp[];
}

/** One rule type = one engine module: it reads its own YAML fields and returns a pure check. */
export interface RuleType {
  readonly name: string;
  compile(reader: FieldReader, env: CompileEnv): Check;
}

export interface Example {
  reply: string;
  in_reply_to?: string;
  /** From the example's optional received_at / sent_at (ISO 8601), for timing rules. */
  timing?: Timing;
  /** From the example's optional settings map (brand, voice, response target). */
  settings?: Settings;
}

export interface CompiledRule {
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
  /** Conditions on the incoming message; the rule runs when any holds. Empty: always runs. */
  when: string[];
  examples: { flag: Example[]; pass: Example[] };
  file: string;
  check: Check;
}
