import type { Span } from '../../diagnostics.js';
import type { ReplyDocument } from '../../document/document.js';
import { loadModel, modelsAvailable, scoreSpan, type LinearModel } from '../../model/index.js';
import { firstMatch } from '../patterns.js';
import type { Check, RawMatch, RuleType } from '../rule.js';
import { existence, insideQuotation } from './existence.js';

/**
 * classifier: a trained model (src/model/) scores each sentence of the reply; a sentence whose
 * summed probability of `labels` reaches `threshold` is a finding on the words that carried the
 * score, saying which kind it read ("reads as blame (0.91): '...'"). `model_message` is the
 * message of those findings ({kind}, {score}, {match}); `kinds` names the labels for the reader.
 *
 * Optional `patterns` / `words` work as in `existence` (same fields, same `unless`): precise
 * phrasings that always fire, with `message`. The model is only asked about the sentences no
 * pattern found, so the two make one finding per sentence. `unless` patterns in a sentence
 * silence the model there too (negation: "we will never delete your review").
 *
 * The weights (models/<model>-<lang>.bin) are read at the first sentence scored, not when the
 * rule is compiled: a run that never reaches the rule never reads them.
 */
export const classifier: RuleType = {
  kind: 'reply',
  name: 'classifier',
  doc: 'each sentence a trained model (`model`) reads as one of `labels` with at least `threshold`; optional `patterns`/`words` work as in `existence` and always fire',
  fields: [
    ...existence.fields,
    { name: 'model', type: 'string', required: true, doc: 'The model: models/<model>-<lang>.bin (npm run train).' },
    { name: 'labels', type: 'strings', required: true, doc: 'The labels of the model that make a finding (their probabilities add up).' },
    { name: 'threshold', type: 'number', min: 0, max: 1, default: 0.5, doc: 'The summed probability of `labels` from which a sentence is a finding.' },
    { name: 'min_words', type: 'integer', min: 1, default: 3, doc: 'Sentences with fewer words are not scored.' },
    { name: 'model_message', type: 'string', doc: "The message of the model's findings ({kind}, {score}, {match})." },
    { name: 'kinds', type: 'map', doc: 'Names of the labels for the reader.' },
  ],
  compile(reader, env): Check {
    const modelName = reader.string('model');
    const labels = reader.stringList('labels', { required: true });
    const threshold = reader.number('threshold', 0.5, { min: 0, max: 1 });
    const minWords = reader.number('min_words', 3, { min: 1, integer: true });
    const modelMessage = reader.optionalString('model_message');
    const kinds = reader.has('kinds') ? reader.stringMap('kinds') : new Map<string, string>();
    const withPatterns = reader.has('patterns') || reader.has('words');
    const patternCheck = withPatterns ? existence.compile(reader, env) : undefined;
    // The existence check reads `unless` for its patterns; the model honours the same list.
    const unless = env.patterns(reader, 'unless');
    const lang = env.lang;
    let model: LinearModel | undefined;

    return (input) => {
      const { doc } = input;
      const found: RawMatch[] = patternCheck ? patternCheck(input) : [];
      // Without weights (the browser build) the patterns alone speak.
      if (!modelsAvailable()) return found.sort((a, b) => a.span.start - b.span.start);
      const sentences = doc.sentences;
      for (const sentence of sentences) {
        if (found.some((f) => f.span.start < sentence.end && sentence.start < f.span.end)) continue;
        if (!hasWords(doc, sentence, minWords)) continue;
        if (unless.some((u) => firstMatch(u, doc.text, sentence.start, sentence.end))) continue;
        model ??= loadModel(modelName, lang);
        const result = scoreSpan(model, unquoted(doc), sentence, labels);
        if (result.score < threshold) continue;
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

function hasWords(doc: ReplyDocument, span: Span, min: number): boolean {
  let count = 0;
  for (const t of doc.tokens) if (t.start >= span.start && t.end <= span.end && ++count >= min) return true;
  return false;
}
