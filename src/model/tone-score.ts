/**
 * One tone score for any short text, a brand reply or a request between two people: how
 * impolite or hostile it reads, from 0 to 1. Three readings, each from what it knows best:
 *  - the tone model's hostility (models/tone-<lang>.bin): trained on brand replies;
 *  - the politeness model's impoliteness (models/politeness-<lang>.bin, when the language has
 *    one): trained on requests the team wrote in the register of wiki talk pages and Q&A sites
 *    (training/politeness/, spec training/politeness-models.json);
 *  - the politeness strategies of the literature (./politeness.ts), hand-weighted.
 * The score is their mean, with weights set in advance (not fitted on any evaluation set).
 * Measured by `npm run tone-report` on ../shared/eval/politeness.jsonl (ROC AUC, never trained on).
 */
import { existsSync } from 'node:fs';
import { loadModel, modelFile, scoreReply, textProbabilities } from './index.js';
import { impoliteness } from './politeness.js';

type Lang = 'en' | 'fr';

/** The hostile labels of the tone model (all but "none" and "threat"). */
export const HOSTILE_LABELS = ['blame', 'condescension', 'sarcasm', 'dismissal', 'gaslighting', 'insult'] as const;

export interface ToneReading {
  /** The combined score, 0 (polite) to 1 (hostile). */
  score: number;
  /** The tone model's summed probability of the hostile labels. */
  hostility: number;
  /** The politeness strategies' impoliteness (0.5: no marker either way). */
  strategies: number;
  /** The politeness model's probability of "impolite", where the language has that model. */
  request?: number;
}

const hasRequestModel = new Map<Lang, boolean>();

/** The politeness model's probability that `text` reads as an impolite request (undefined: no model for `lang`). */
export function requestImpoliteness(text: string, lang: Lang): number | undefined {
  let known = hasRequestModel.get(lang);
  if (known === undefined) hasRequestModel.set(lang, (known = existsSync(modelFile('politeness', lang))));
  if (!known) return undefined;
  const model = loadModel('politeness', lang);
  return textProbabilities(model, text)[model.labels.indexOf('impolite')]!;
}

/** How impolite or hostile `text` reads, and what each reading said. */
export function toneOf(text: string, lang: Lang): ToneReading {
  const hostility = scoreReply(loadModel('tone', lang), text, HOSTILE_LABELS).score;
  const strategies = impoliteness(text, lang);
  const request = requestImpoliteness(text, lang);
  const parts = request === undefined ? [hostility, strategies] : [hostility, strategies, request];
  const score = parts.reduce((a, b) => a + b, 0) / parts.length;
  return { score, hostility, strategies, ...(request === undefined ? {} : { request }) };
}
