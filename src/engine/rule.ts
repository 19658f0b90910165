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

export interface CheckInput {
  doc: ReplyDocument;
  message?: IncomingMessage;
}

/** What a check reports; the engine turns it into a Finding with the rule's metadata. */
export interface RawMatch {
  span: Span;
  /** Values for the message's {placeholders} besides {match}. */
  vars?: Record<string, string>;
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
