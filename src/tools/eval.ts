/**
 * npm run eval [-- DIR]: scores the rule pack against labelled data (default ../shared/eval).
 * replies.jsonl: per rule family and language, precision/recall over the records whose label
 * is not null. politeness.jsonl: the hostile-tone family as a flag (precision/recall on
 * "impolite") and as a ranking (ROC AUC of a hostility score).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadBuiltinRules } from '../rules/builtin.js';
import { lintText } from '../lint.js';
import { analyzerFor } from '../engine/types/sentiment.js';
import { ReplyDocument } from '../document/document.js';

interface Reply {
  id: string;
  lang: 'en' | 'fr';
  in_reply_to: string | null;
  reply: string;
  labels: Record<string, 0 | 1 | null>;
}
interface Polite {
  id: string;
  text: string;
  impolite: 0 | 1;
}

const dir = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? process.env.REPLYLINT_EVAL_DIR ?? '../shared/eval');
const verbose = process.argv.includes('--verbose');
const ruleSet = loadBuiltinRules();

const readJsonl = <T>(file: string): T[] =>
  readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);

const ratio = (a: number, b: number) => (b === 0 ? NaN : a / b);
const fmt = (x: number) => (Number.isNaN(x) ? '  -  ' : x.toFixed(2).padStart(5));

async function families(text: string, inReplyTo: string | null, lang?: 'en' | 'fr'): Promise<Set<string>> {
  const found = await lintText({ name: 'eval', text, lang, inReplyTo: inReplyTo ?? undefined }, ruleSet);
  // Suggestions are advice and never fail a run: like the CLI, only warnings and errors count.
  return new Set(found.filter((d) => d.level !== 'suggestion').map((d) => d.family));
}

async function scoreReplies(): Promise<void> {
  const file = join(dir, 'replies.jsonl');
  if (!existsSync(file)) return void console.log(`(no ${file})`);
  const records = readJsonl<Reply>(file);
  const counts = new Map<string, { tp: number; fp: number; fn: number; tn: number }>();
  const misses: string[] = [];
  for (const record of records) {
    const flagged = await families(record.reply, record.in_reply_to);
    for (const [family, label] of Object.entries(record.labels)) {
      if (label === null) continue;
      const key = `${family}\t${record.lang}`;
      const c = counts.get(key) ?? { tp: 0, fp: 0, fn: 0, tn: 0 };
      const hit = flagged.has(family);
      if (hit && label) c.tp++;
      else if (hit) c.fp++;
      else if (label) c.fn++;
      else c.tn++;
      counts.set(key, c);
      if (hit !== Boolean(label)) misses.push(`${hit ? 'FP' : 'FN'} ${family} ${record.id}: ${record.reply}`);
    }
  }
  console.log(`replies.jsonl (${records.length} replies)\n`);
  console.log('rule family             lang  precision  recall   tp  fp  fn  tn');
  for (const [key, c] of [...counts].sort()) {
    const [family, lang] = key.split('\t');
    console.log(
      `${family!.padEnd(22)}  ${lang}    ${fmt(ratio(c.tp, c.tp + c.fp))}     ${fmt(ratio(c.tp, c.tp + c.fn))}  ${String(c.tp).padStart(3)} ${String(c.fp).padStart(3)} ${String(c.fn).padStart(3)} ${String(c.tn).padStart(3)}`,
    );
  }
  if (verbose) console.log(`\n${misses.join('\n')}`);
  sentimentRanking(records);
}

/**
 * How well natural's lexicon polarity alone ranks hostile replies above the others, per language
 * (ROC AUC; 0.5 is chance). It tells whether a sentiment rule could help a language.
 */
function sentimentRanking(records: Reply[]): void {
  for (const lang of ['en', 'fr'] as const) {
    const scores = records
      .filter((r) => r.lang === lang && r.labels['hostile-tone'] !== null && r.labels['hostile-tone'] !== undefined)
      .map((r) => {
        const words = ReplyDocument.fromText({ name: 'r', source: r.reply, lang }).tokens.map((t) => t.text);
        return { score: words.length ? -analyzerFor(lang).getSentiment(words) : 0, positive: r.labels['hostile-tone'] === 1 };
      });
    if (scores.some((s) => s.positive) && scores.some((s) => !s.positive)) {
      console.log(`sentiment lexicon alone, hostile-tone ${lang}: ROC AUC ${fmt(rocAuc(scores))}`);
    }
  }
}

/** Probability that a random impolite text scores above a random polite one (ties count half). */
function rocAuc(scores: { score: number; positive: boolean }[]): number {
  const sorted = [...scores].sort((a, b) => a.score - b.score);
  let rankSum = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i + 1;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    const averageRank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (sorted[k]!.positive) rankSum += averageRank;
    i = j;
  }
  const positives = scores.filter((s) => s.positive).length;
  const negatives = scores.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

async function scorePoliteness(): Promise<void> {
  const file = join(dir, 'politeness.jsonl');
  if (!existsSync(file)) return void console.log(`(no ${file})`);
  const records = readJsonl<Polite>(file);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const scores: { score: number; positive: boolean }[] = [];
  for (const record of records) {
    const hostile = (await families(record.text, null, 'en')).has('hostile-tone');
    if (hostile && record.impolite) tp++;
    else if (hostile) fp++;
    else if (record.impolite) fn++;
    // Ranking score: a finding dominates; sentence sentiment breaks the ties among the rest.
    const doc = ReplyDocument.fromText({ name: 'p', source: record.text, lang: 'en' });
    const words = doc.tokens.map((t) => t.text);
    const sentiment = words.length ? analyzerFor('en').getSentiment(words) : 0;
    scores.push({ score: (hostile ? 10 : 0) - sentiment, positive: record.impolite === 1 });
  }
  console.log(`\npoliteness.jsonl (${records.length} requests, ${records.filter((r) => r.impolite).length} impolite)`);
  console.log(`hostile-tone as a flag:   precision ${fmt(ratio(tp, tp + fp))}  recall ${fmt(ratio(tp, tp + fn))}  (tp ${tp}, fp ${fp}, fn ${fn})`);
  console.log(`hostile-tone as a ranking: ROC AUC ${fmt(rocAuc(scores))}`);
}

await scoreReplies();
await scorePoliteness();
