import { guessFrom, isConfident, LANGS, type Lang } from '../../lang/detect.js';
import type { Check, RuleType } from '../rule.js';

/**
 * language-mismatch: the reply is not in the language of the message it answers. Both sides are
 * detected from their own text, and the rule speaks only when detection is confident on both
 * (`min_evidence` function words for the winning language, `min_margin` between the two scores):
 * a short "Merci !" or "OK 👍" is no evidence, and a wrong accusation here is worse than silence.
 * `language_names` names the languages in the rule's own language ({reply_language},
 * {message_language} in the message). Without a message there is nothing to compare.
 */
export const languageMismatch: RuleType = {
  kind: 'reply',
  name: 'language-mismatch',
  needs: ['message'],
  doc: "a reply whose language differs from the message's, when detection is confident on both sides (`{reply_language}`, `{message_language}`)",
  fields: [
    {
      name: 'language_names',
      type: 'map',
      keys: ['en', 'fr'],
      doc: "The languages' names in the rule's own language, for the message.",
    },
    {
      name: 'min_evidence',
      type: 'number',
      default: 3,
      min: 1,
      doc: 'Function words of the winning language needed on each side.',
    },
    {
      name: 'min_margin',
      type: 'number',
      default: 0.5,
      min: 0,
      max: 1,
      doc: "Margin needed between the two languages' scores.",
    },
  ],
  compile(reader): Check {
    const minEvidence = reader.number('min_evidence');
    const minMargin = reader.number('min_margin');
    const names = reader.has('language_names')
      ? reader.stringMap('language_names')
      : (reader.raw('language_names'), new Map<string, string>());
    for (const key of names.keys()) {
      if (!(LANGS as readonly string[]).includes(key))
        reader.fail(['language_names', key], `must be one of: ${LANGS.join(', ')}`);
    }
    const nameOf = (lang: Lang) => names.get(lang) ?? lang;

    return ({ doc, message }) => {
      if (!message || doc.isBlank()) return [];
      const reply = guessFrom(doc.detection);
      const original = guessFrom(message.doc.detection);
      if (!isConfident(reply, minEvidence, minMargin) || !isConfident(original, minEvidence, minMargin)) return [];
      if (reply.lang === original.lang) return [];
      const start = doc.source.search(/\S/u);
      const end = doc.source.trimEnd().length;
      return [
        { span: { start, end }, vars: { reply_language: nameOf(reply.lang), message_language: nameOf(original.lang) } },
      ];
    };
  },
};
