import { ReplyDocument } from '../document/document.js';
import { finds, type AnsweredMessage } from '../engine/rule.js';
import type { Lang } from '../lang/detect.js';
import type { RuleSet } from './rule-set.js';

/**
 * The message answered, read from its text. It lives with the rules (it reads their signals), so
 * that the loader can run a user rule's examples with it (./example-check.ts); src/answered/
 * re-exports it for the layers above. Its language is detected on its own text (a French complaint
 * answered in English is still a complaint), and each signal is computed once, on demand.
 */
export class AnsweredMessageText implements AnsweredMessage {
  private readonly cache = new Map<string, boolean>();

  constructor(
    readonly doc: ReplyDocument,
    private readonly signals: RuleSet['signals'],
    /** Signals the message is declared to have (a template's `when: complaint`), whatever its text. */
    private readonly declared: readonly string[] = [],
  ) {}

  static fromText(
    text: string,
    signals: RuleSet['signals'],
    lang?: Lang,
    declared?: readonly string[],
  ): AnsweredMessageText {
    return new AnsweredMessageText(
      ReplyDocument.fromText({ name: '<in-reply-to>', source: text, lang }),
      signals,
      declared,
    );
  }

  has(signal: string): boolean {
    if (this.declared.includes(signal)) return true;
    let value = this.cache.get(signal);
    if (value === undefined) {
      const compiled = this.signals.get(this.doc.lang)?.get(signal);
      value = compiled ? finds(compiled.check, { doc: this.doc }) : false;
      this.cache.set(signal, value);
    }
    return value;
  }
}
