/**
 * Politeness strategies (Danescu-Niculescu-Mizil, Sudhof, Jurafsky, Leskovec and Potts, "A
 * computational approach to politeness with application to social factors", ACL 2013): the
 * markers their study found to make a request read as polite (gratitude, deference, greetings,
 * apologies, "please" inside a sentence, "by the way", "could you", hedges, "we") or impolite
 * (direct questions, "why did you", a sentence opening on "so"/"but" or on "you", "actually",
 * negative words). Each strategy counts once per text, with a hand-set weight whose sign and rough
 * size follow the paper's table of strategies; nothing here is fitted on any evaluation set.
 *
 * `impoliteness(text, lang)` is in [0, 1]: 0.5 with no marker, higher with impolite ones.
 * `toneOf` (./tone-score.ts) combines it with the tone and politeness models (documented in the
 * README, "Tone model"; measured on ../shared/eval/politeness.jsonl by `npm run tone-report`).
 */
/** The languages the strategies are written for. */
type Lang = 'en' | 'fr';

interface Strategy {
  name: string;
  /** Positive: the marker makes the text more polite. */
  weight: number;
  pattern: RegExp;
  /** Matched on the text as written (capitals) rather than lower-cased. */
  cased?: boolean;
}

// "(^|[.!?]\s+)" is a sentence start.
const START = String.raw`(?:^|[.!?]\s+)`;
const EN: Strategy[] = [
  { name: 'gratitude', weight: 0.9, pattern: /\b(thanks|thank you|thx|i appreciate|appreciated|grateful)\b/ },
  {
    name: 'deference',
    weight: 0.8,
    pattern:
      /\b(great|good|nice|interesting|excellent|fantastic|wonderful) (question|point|work|job|idea|catch|answer|article|edit)s?\b|\b(you're|you are) right\b/,
  },
  {
    name: 'greeting',
    weight: 0.4,
    pattern: new RegExp(`${START}(hi|hello|hey|dear|good (morning|afternoon|evening))\\b`),
  },
  { name: 'apology', weight: 0.4, pattern: /\b(sorry|apologi[sz]e|apologies|excuse me|pardon|my bad|forgive me)\b/ },
  { name: 'please', weight: 0.5, pattern: /[^.!?\s][^.!?]*\bplease\b/ },
  { name: 'please-start', weight: -0.3, pattern: new RegExp(`${START}please\\b`) },
  { name: 'indirect', weight: 0.6, pattern: /\b(by the way|btw|incidentally)\b/ },
  {
    name: 'counterfactual',
    weight: 0.5,
    pattern:
      /\b(could|would) you\b|\bwould it be (possible|ok|okay|alright)\b|\bi was wondering\b|\bwould you mind\b|\bif you (don't|do not) mind\b/,
  },
  { name: 'indicative', weight: 0.1, pattern: /\b(can|will) you\b/ },
  {
    name: 'hedge',
    weight: 0.15,
    pattern:
      /\b(i think|i believe|i guess|i suppose|perhaps|maybe|possibly|probably|might|seems?|suggest|somewhat|a bit|not sure|i wonder|kind of|sort of|apparently)\b/,
  },
  { name: 'first-plural', weight: 0.1, pattern: /\b(we|our|us|let's)\b/ },
  { name: 'first-start', weight: 0.1, pattern: new RegExp(`${START}(i|my|i'm|i've|i'd)\\b`) },
  { name: 'direct-question', weight: -0.3, pattern: new RegExp(`${START}(what|why|who|how|where|when)\\b[^.!?]*\\?`) },
  {
    name: 'why',
    weight: -0.3,
    pattern: /\bwhy (did|do|does|would|are|is|have|has|don't|didn't|on earth|the hell)\b/,
  },
  { name: 'direct-start', weight: -0.4, pattern: new RegExp(`${START}(so|then|and|but|or|now)\\b`) },
  { name: 'second-start', weight: -0.3, pattern: new RegExp(`${START}(you|your|you're|you've|you'd|u)\\b`) },
  {
    name: 'factuality',
    weight: -0.4,
    pattern: /\b(in fact|actually|the (fact|truth|point) is|obviously|clearly|of course|really\?|seriously)\b/,
  },
  {
    name: 'negative',
    weight: -0.5,
    pattern:
      /\b(wrong|bad|stupid|idiot|idiotic|ridiculous|nonsense|absurd|terrible|awful|crap|damn|damned|hell|sucks?|useless|pointless|lazy|rude|vandal\w*|garbage|silly|dumb|moron\w*|pathetic|incompetent|liar|lie|lies|lying|fault|shit\w*|fuck\w*|worst|hate|annoying|disruptive|troll\w*|spam\w*|biased|ignorant|insult\w*|attack\w*|accus\w*|blame\w*|waste|ugly|joke)\b/,
  },
  {
    name: 'positive',
    weight: 0.15,
    pattern:
      /\b(great|good|nice|helpful|wonderful|excellent|perfect|awesome|appreciate|glad|happy|welcome|kind|kindly|love|fine|cool|brilliant|lovely|fantastic|best)\b/,
  },
  { name: 'exclaim-question', weight: -0.3, pattern: /\?\s*!|!\s*\?|\?{2,}|!{2,}/ },
  { name: 'capitals', weight: -0.3, pattern: /\b[A-Z]{4,}\b/, cased: true },
];

// French: the same strategies, accents folded away (the text is folded before matching).
const FR: Strategy[] = [
  { name: 'gratitude', weight: 0.9, pattern: /\b(merci|je vous remercie|nous vous remercions|reconnaissant)/ },
  {
    name: 'deference',
    weight: 0.8,
    pattern: /\b(bonne|excellente|tres bonne) (question|remarque|idee)|\bvous avez raison\b/,
  },
  { name: 'greeting', weight: 0.4, pattern: new RegExp(`${START}(bonjour|bonsoir|salut|cher|chere|hello)\\b`) },
  { name: 'apology', weight: 0.4, pattern: /\b(desole|desolee|desoles|excuse|excusez|pardon|toutes nos excuses)/ },
  { name: 'please', weight: 0.5, pattern: /[^.!?\s][^.!?]*\b(s'il vous plait|s'il te plait|svp|merci de)\b/ },
  { name: 'please-start', weight: -0.3, pattern: new RegExp(`${START}(s'il vous plait|svp|merci de)\\b`) },
  { name: 'indirect', weight: 0.6, pattern: /\b(au fait|d'ailleurs|par ailleurs)\b/ },
  {
    name: 'counterfactual',
    weight: 0.5,
    pattern:
      /\b(pourriez|voudriez|auriez)[- ]vous\b|\bserait-il possible\b|\bje me demandais\b|\bsi cela ne vous derange pas\b/,
  },
  { name: 'indicative', weight: 0.1, pattern: /\b(pouvez|voulez)[- ]vous\b/ },
  {
    name: 'hedge',
    weight: 0.15,
    pattern:
      /\b(je pense|je crois|il me semble|peut-etre|sans doute|probablement|il semble|plutot|un peu|je ne suis pas sur)\b/,
  },
  { name: 'first-plural', weight: 0.1, pattern: /\b(nous|notre|nos)\b/ },
  { name: 'first-start', weight: 0.1, pattern: new RegExp(`${START}(je|j'|mon|ma|mes)`) },
  {
    name: 'direct-question',
    weight: -0.3,
    pattern: new RegExp(`${START}(pourquoi|qui|comment|quoi|ou|quand|qu'est-ce)\\b[^.!?]*\\?`),
  },
  { name: 'why', weight: -0.3, pattern: /\bpourquoi (avez|vous|est-ce|n'avez|ne|tu|as-tu)\b/ },
  { name: 'direct-start', weight: -0.4, pattern: new RegExp(`${START}(donc|alors|et|mais|or)\\b`) },
  { name: 'second-start', weight: -0.3, pattern: new RegExp(`${START}(vous|votre|vos|tu|ton|ta|tes)\\b`) },
  {
    name: 'factuality',
    weight: -0.4,
    pattern: /\b(en fait|en realite|la verite|evidemment|clairement|bien sur|serieusement|franchement)\b/,
  },
  {
    name: 'negative',
    weight: -0.5,
    pattern:
      /\b(faux|mauvais|stupide|idiot|ridicule|absurde|nul|nulle|horrible|debile|con|conne|merde|inutile|paresseux|impoli|grossier|menteur|mensonge|faute|pire|deteste|penible|troll|spam|ignorant|insulte|accus|reproche)/,
  },
  {
    name: 'positive',
    weight: 0.15,
    pattern: /\b(super|bien|genial|parfait|excellent|ravi|ravie|content|heureux|aimable|plaisir|merveilleux|top)\b/,
  },
  { name: 'exclaim-question', weight: -0.3, pattern: /\?\s*!|!\s*\?|\?{2,}|!{2,}/ },
  { name: 'capitals', weight: -0.3, pattern: /\b[A-Z]{4,}\b/, cased: true },
];

const BY_LANG: Record<Lang, Strategy[]> = { en: EN, fr: FR };

/** The strategies a text uses, by name, and the sum of their weights (positive: polite). */
export function politenessStrategies(text: string, lang: Lang): { used: string[]; politeness: number } {
  const lower = text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
  const used: string[] = [];
  let politeness = 0;
  for (const s of BY_LANG[lang]) {
    if (s.pattern.test(s.cased ? text : lower)) {
      used.push(s.name);
      politeness += s.weight;
    }
  }
  return { used, politeness };
}

/** How impolite a text reads by its strategies alone, in [0, 1] (0.5: no marker either way). */
export function impoliteness(text: string, lang: Lang): number {
  return 1 / (1 + Math.exp(2 * politenessStrategies(text, lang).politeness));
}
