import type { Lang } from '../../lang/detect.js';
import type { Check, RuleType } from '../rule.js';

/**
 * slow-response: the reply went out (or is being drafted) later than the team's response-time
 * target. It needs both timestamps (timing.receivedAt and timing.sentAt; a caller linting a draft
 * passes "now" as sentAt) and is silent without them: the check stays a pure function of its
 * input. The target is settings.responseTargetMinutes, else the rule's `target_minutes`.
 * The finding sits on the reply's first sentence; {elapsed} and {target} read as durations.
 */
export const slowResponse: RuleType = {
  kind: 'reply',
  name: 'slow-response',
  needs: ['received-time'],
  doc: 'a reply sent more than the target after the message (`{elapsed}`, `{target}`)',
  fields: [
    {
      name: 'target_minutes',
      type: 'number',
      default: 60,
      min: 1,
      doc: "Response-time target when the team's settings give none.",
    },
  ],
  compile(reader, env): Check {
    const fallbackTarget = reader.number('target_minutes');
    return ({ doc, settings, timing }) => {
      if (!timing?.receivedAt || !timing.sentAt) return [];
      const elapsed = (timing.sentAt.getTime() - timing.receivedAt.getTime()) / 60000;
      const target = settings?.responseTargetMinutes ?? fallbackTarget;
      if (!(elapsed > target)) return [];
      const span = doc.sentences[0] ?? { start: 0, end: doc.text.length };
      return [{ span, vars: { elapsed: formatMinutes(elapsed, env.lang), target: formatMinutes(target, env.lang) } }];
    };
  },
};

const DAY_UNIT: Record<Lang, string> = { en: 'd', fr: 'j' };

/** 45 → "45 min", 135 → "2 h 15 min", 3000 → "2 d 2 h" ("2 j 2 h" in French). */
export function formatMinutes(minutes: number, lang: Lang): string {
  const total = Math.round(minutes);
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  if (days > 0) return hours > 0 ? `${days} ${DAY_UNIT[lang]} ${hours} h` : `${days} ${DAY_UNIT[lang]}`;
  if (hours > 0) return mins > 0 ? `${hours} h ${String(mins).padStart(2, '0')} min` : `${hours} h`;
  return `${mins} min`;
}
