import type { FieldSpec } from '../core/fields.js';
import { LEVELS } from '../diagnostics.js';
import { RULE_TYPES } from '../engine/registry.js';
import { LANGS } from '../lang/detect.js';

/**
 * The fields every rule file has, whatever its type (src/rules/load.ts reads them). With each
 * type's own `fields`, they make the rule files' JSON Schema (src/tools/rule-types.ts).
 * `examples` has a shape of its own, described there.
 */
export const RULE_FIELDS: readonly FieldSpec[] = [
  { name: 'id', type: 'string', required: true, doc: 'Lower-case words joined by hyphens; must match the file name.' },
  { name: 'tip', type: 'integer', min: 1, max: 10, required: true, doc: 'The tip the rule comes from (1-10, see docs/tips.md).' },
  { name: 'level', type: 'enum', values: LEVELS, default: 'warning', doc: 'How serious a finding is.' },
  { name: 'type', type: 'enum', values: [...RULE_TYPES.keys()], required: true, doc: 'The rule type: which check runs, and which other fields it reads.' },
  { name: 'family', type: 'string', doc: 'A check served by several rules (configuration and --rule accept its name); the id by default.' },
  { name: 'description', type: 'string', doc: 'One line for `replylint rules`; the first sentence of the message by default.' },
  { name: 'why', type: 'string', doc: 'Why it matters (for `replylint explain`).' },
  { name: 'message', type: 'string', required: true, doc: 'The finding, with {match} and the variables of the type.' },
  { name: 'suggest', type: 'string', doc: 'What to write instead.' },
  { name: 'when', type: 'strings', doc: 'Signals of the message answered; the rule runs when any holds (`!name` negates).' },
  { name: 'lang', type: 'enum', values: LANGS, doc: "The rule's language, when the file is not in a rules/<lang>/ folder." },
  // A trained reading of the whole reply beside a reply rule's check (src/engine/reply-model.ts).
  { name: 'reply_model', type: 'string', doc: 'A model of whole replies (models/<name>-<lang>.bin, `npm run train`) that judges what the check found.' },
  { name: 'reply_label', type: 'string', doc: 'The label of `reply_model` the rule is about (e.g. `deflects`).' },
  { name: 'reply_gate', type: 'number', min: 0, max: 1, default: 0, doc: 'A finding of the check stands only if the model gives the reply `reply_label` with at least this probability.' },
  { name: 'reply_alone', type: 'number', min: 0, max: 1, doc: 'From this probability the model flags the reply by itself, on the words that carried the score.' },
];
