import type { Span } from '../../diagnostics.js';
import type { ReplyDocument } from '../../document/document.js';
import {
  loadTextModel,
  modelsAvailable,
  scoreReply,
  scoreSpan,
  strongestWords,
  tokenize,
  tokensOf,
  type TextModel,
  type ModelToken,
  type ScoreMode,
} from '../../model/index.js';
import { firstMatch } from '../patterns.js';
import type { Check, RawMatch, RuleType } from '../rule.js';
import { existence, insideQuotation, unlessCancels, unlessLists } from './existence.js';

/**
 * classifier: a trained model (src/model/) scores each sentence of the reply; a sentence whose
 * summed probability of `labels` (with `score: kind`, the likeliest of them against the neutral
 * label alone) reaches `threshold` is a finding on the words that carried the
 * score, saying which kind it read ("reads as blame (0.91): '...'"). `model_message` is the
 * message of those findings ({kind}, {score}, {match}); `kinds` names the labels for the reader.
 *
 * Optional `patterns` / `words` work as in `existence` (same fields, same `unless`): precise
 * phrasings that always fire, with `message`. The model is only asked about the sentences no
 * pattern found, so the two make one finding per sentence. `unless` patterns in a sentence
 * silence the model there too (negation: "we will never delete your review").
 *
 * With `scope: reply` the model reads the whole reply at once, as it was trained (a sentence is
 * read with its neighbours: "DMs are answered in order. Sending another one puts you back in the
 * queue"), and the finding points at the words of the sentence that added most to the score; it
 * is one tokenization and one pass over the weights a reply, where `sentence` costs one a sentence.
 *
 * The weights (models/<model>-<lang>.bin) are read at the first sentence scored, not when the
 * rule is compiled: a run that never reaches the rule never reads them. With `require`, the
 * model only reads the sentences that match one of those patterns (a moderation verb, for a
 * threat), so the threshold can be lower without reading threats into every sentence.
 */
export const classifier: RuleType = {
  kind: 'reply',
  name: 'classifier',
  doc: 'each sentence a trained model (`models/<model>-<lang>.bin`, `npm run train`) reads as one of `labels` with at least `threshold`, pointing at the words that carried the score; optional `patterns` / `words` as in `existence`, the model reading the sentences they did not find',
  fields: [
    {
      name: 'model',
      type: 'string',
      required: true,
      doc: 'The model: `models/<model>-<lang>.bin` in the package; `a+b` reads the mean of the probabilities of models `a` and `b`.',
    },
    {
      name: 'labels',
      type: 'strings',
      required: true,
      doc: 'The model labels the rule fires on (their probabilities are summed, or see `score`).',
    },
    {
      name: 'threshold',
      type: 'number',
      default: 0.5,
      min: 0,
      max: 1,
      doc: 'Score (see `score`) of `labels` from which a sentence is flagged.',
    },
    {
      name: 'score',
      type: 'enum',
      default: 'sum',
      values: ['sum', 'kind'],
      doc: '`sum`: the summed probability of `labels`; `kind`: the likeliest of them against the neutral label alone, p / (p + p(none)), so that a neutral reading out-voted by several weak ones is no finding.',
    },
    {
      name: 'scope',
      type: 'enum',
      default: 'sentence',
      values: ['sentence', 'reply'],
      doc: '`sentence`: the model reads each sentence; `reply`: it reads the whole reply at once (as it was trained) and the finding points at the sentence whose words carried the score.',
    },
    {
      name: 'min_words',
      type: 'integer',
      default: 3,
      min: 1,
      doc: 'Sentences (or replies) with fewer words are not scored; @handles, links, numbers, signatures and quoted words do not count.',
    },
    {
      name: 'model_message',
      type: 'string',
      doc: "Message of the model's findings: {kind}, {score} and {match} (the words that carried it).",
    },
    { name: 'kinds', type: 'map', doc: 'How the message names each label ("dismissal" -> "a dismissal").' },
    { name: 'require', type: 'patterns', doc: 'The model only reads the sentences that match one of these.' },
    ...existence.fields,
  ],
  compile(reader, env): Check {
    const modelName = reader.string('model');
    const labels = reader.stringList('labels', { required: true });
    const threshold = reader.number('threshold');
    const minWords = reader.number('min_words');
    const modelMessage = reader.optionalString('model_message');
    const kinds = reader.has('kinds') ? reader.stringMap('kinds') : new Map<string, string>();
    const withPatterns = reader.has('patterns') || reader.has('words');
    const patternCheck = withPatterns ? existence.compile(reader, env) : undefined;
    // The existence check reads `unless` for its patterns; the model honours the same list.
    const { unless, nearby } = unlessLists(reader, env);
    // An `unless` in the sentence (or, written with {nearby}, in the one before or after) silences the model there.
    const cancelled = unlessCancels(unless, nearby);
    // The model is only asked about sentences that match one of these (e.g. a moderation verb
    // for threats): a cheap filter that keeps its rare mistakes to sentences that could be it.
    const required = env.patterns(reader, 'require');
    const lang = env.lang;
    const scope = reader.oneOf<'sentence' | 'reply'>('scope');
    const mode = reader.oneOf<ScoreMode>('score');
    let model: TextModel | undefined;

    return (input) => {
      const { doc } = input;
      const found: RawMatch[] = patternCheck ? patternCheck(input) : [];
      // Without weights (the browser build) the patterns alone speak.
      if (!modelsAvailable()) return found.sort((a, b) => a.span.start - b.span.start);
      if (scope === 'reply') {
        const text = unquoted(doc);
        if (!hasWords(tokensOf(text), minWords)) return found.sort((a, b) => a.span.start - b.span.start);
        model ??= loadTextModel(modelName, lang);
        const reading = scoreReply(model, text, labels, threshold, mode);
        if (
          reading.score >= threshold &&
          !(required.length && !required.some((r) => firstMatch(r, doc.text, 0, doc.text.length)))
        ) {
          // The sentences that carried the score, each one finding; one a pattern already found is
          // that finding (one problem, one finding).
          // (by sentence start: a reply of thousands of sentences stays linear)
          const taken = new Set(found.map((f) => doc.sentenceAt(f.span.start).start));
          for (const words of strongestWords(reading, doc.sentences)) {
            const sentence = doc.sentenceAt(words.start);
            if (taken.has(sentence.start)) continue;
            if (cancelled(doc, sentence)) continue;
            if (insideQuotation(doc, words)) continue;
            found.push({
              span: words,
              vars: { kind: kinds.get(reading.kind) ?? reading.kind, score: reading.score.toFixed(2) },
              score: Number(reading.score.toFixed(4)),
              ...(modelMessage ? { message: modelMessage } : {}),
            });
          }
        }
        return found.sort((a, b) => a.span.start - b.span.start);
      }
      const sentences = doc.sentences;
      for (const sentence of sentences) {
        if (found.some((f) => f.span.start < sentence.end && sentence.start < f.span.end)) continue;
        // `require` first: a regex is cheaper than the tokenizer and the model, and it keeps most
        // sentences from both.
        if (required.length && !required.some((r) => firstMatch(r, doc.text, sentence.start, sentence.end))) continue;
        if (!hasWords(tokenize(unquoted(doc).slice(sentence.start, sentence.end)), minWords)) continue;
        model ??= loadTextModel(modelName, lang);
        const text = unquoted(doc);
        if (scoreSpan(model, text, sentence, labels, Infinity, mode).score < threshold) continue;
        if (cancelled(doc, sentence)) continue;
        const result = scoreSpan(model, text, sentence, labels, threshold, mode);
        if (insideQuotation(doc, result.words)) continue;
        found.push({
          span: result.words,
          vars: { kind: kinds.get(result.kind) ?? result.kind, score: result.score.toFixed(2) },
          score: Number(result.score.toFixed(4)),
          ...(modelMessage ? { message: modelMessage } : {}),
        });
      }
      return found.sort((a, b) => a.span.start - b.span.start);
    };
  },
};

// The customer's words quoted in the reply are not the reply's tone: the model reads them as blanks.
const unquotedCache = new WeakMap<ReplyDocument, string>();
function unquoted(doc: ReplyDocument): string {
  let text = unquotedCache.get(doc);
  if (text === undefined) {
    text = doc.text;
    for (const q of doc.quotations) text = text.slice(0, q.start) + ' '.repeat(q.end - q.start) + text.slice(q.end);
    unquotedCache.set(doc, text);
  }
  return text;
}

/**
 * At least `min` words among the model's tokens: @handles, links, numbers and signatures are not
 * words. A greeting line alone ("@user Dear Sam,") is two words: too little text for the model to
 * read a tone in, its score would be mostly the bias and whichever of the two words it knows.
 */
function hasWords(tokens: readonly ModelToken[], min: number): boolean {
  let count = 0;
  for (const token of tokens) if (token.word && ++count >= min) return true;
  return false;
}
