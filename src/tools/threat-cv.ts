/**
 * npm run threat-cv [-- --lang en|fr] [--spec training/threat-models.json] [--set key=value ...]
 * [--thresholds 0.3,0.4,0.5] [--verbose]: leave-one-writer-out cross-validation of
 * `deletion-threat` with the threat model (issue 11), the honest way to choose its data,
 * features, weights and threshold without the honest batches.
 *
 * Each group of the spec's data (`group`: one writer's files, a studied blind batch, one persona
 * of training/<lang>/threats-10*.txt, the team's older files together) is held out in turn: the
 * model is trained on the others (the spec's options, one member, its seed) and the whole rule is
 * read on the held-out lines as `deletion-threat` reads them: a line is a threat when one of the
 * rule's patterns fires, or when the model scores one of the sentences the rule lets it read
 * (past `require`, not found by a pattern, not cancelled by `unless`, enough words) at the
 * threshold. The patterns and the sentences are found once by the rule itself (run with the
 * model at threshold 0, so that every sentence it would ask about is a finding), cached under
 * the OS temporary folder by the rule file's text.
 *
 * "before" is the same rule with the tone model's `threat` label (the rule of main): honest on
 * the blind batches and the threats-10 files (the tone model never read them), not on the team's
 * files (it was trained on them: marked "trained on").
 *
 * `--set` changes the spec for this run: `buckets=32768`, `epochs=6`, `rate=0.2`, `l2=0.001`,
 * `minCount=3`, `hard=5` (the hard negatives' weight), `positive=2` (the threats' weight).
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../core/package.js';
import { ReplyDocument } from '../document/document.js';
import { lintText } from '../lint.js';
import { builtinPatternEnvs } from '../rules/anchor-table.js';
import { loadRuleSet } from '../rules/load.js';
import type { Lang } from '../lang/detect.js';
import { averageWeights, encodeTrained, trainWeights } from '../model/train.js';
import { examplesOf, readSpec, type ModelSpec } from './train.js';

const args = process.argv.slice(2);
const option = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const verbose = args.includes('--verbose');
const mean = args.includes('--mean');
const specFile = resolve(option('--spec') ?? resolve(PACKAGE_ROOT, 'training/threat-models.json'));
const langs = (option('--lang') ? [option('--lang')!] : ['en', 'fr']) as Lang[];
const thresholds = (option('--thresholds') ?? '0.3,0.4,0.5,0.6,0.7').split(',').map(Number);
const sets = args.flatMap((a, i) => (args[i - 1] === '--set' ? [a] : []));

/** What the rule finds in one line, whatever the model: its patterns, and the sentences it would ask the model about. */
interface Reading {
  pattern: boolean;
  /** The sentences (as the model reads them) and the tone model's threat score of each. */
  sentences: { text: string; tone: number }[];
}

function withSets(spec: ModelSpec): ModelSpec {
  const out: ModelSpec = { ...spec, features: { ...spec.features } };
  for (const set of sets) {
    const [key, raw] = set.split('=') as [string, string];
    const value = Number(raw);
    if (key === 'buckets') out.features.buckets = value;
    else if (key === 'hard') out.hardNegatives = { ...out.hardNegatives!, weight: value };
    else if (key === 'positive') out.positiveWeight = value;
    else if (key === 'sentences') out.gatedSentences = value > 0 ? { weight: value } : undefined;
    else if (key === 'charGrams') out.features.charGrams = value;
    else if (key === 'bigrams' || key === 'skipBigrams')
      (out.features as unknown as Record<string, boolean>)[key] = value === 1;
    else (out as unknown as Record<string, number>)[key] = value;
  }
  return out;
}

/** The rule's readings of each line, from the cache or by running it (model at threshold 0). */
async function readings(lang: Lang, texts: string[]): Promise<Map<string, Reading>> {
  const ruleText = readFileSync(resolve(PACKAGE_ROOT, `rules/${lang}/deletion-threat.yml`), 'utf8');
  const key = createHash('sha1').update(ruleText).update(texts.join('\n')).digest('hex').slice(0, 16);
  const cacheDir = join(tmpdir(), 'replylint-threat-cv');
  const cacheFile = join(cacheDir, `${lang}-${key}.json`);
  if (existsSync(cacheFile))
    return new Map(Object.entries(JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, Reading>));
  const root = mkdtempSync(join(tmpdir(), 'threat-cv-rules-'));
  try {
    for (const part of ['rules', 'signals']) cpSync(resolve(PACKAGE_ROOT, part), join(root, part), { recursive: true });
    const file = join(root, 'rules', lang, 'deletion-threat.yml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(/^model: .*$/m, 'model: tone')
        .replace(/^threshold: .*$/m, 'threshold: 0'),
    );
    const ruleSet = loadRuleSet({ builtinRoot: root, lazy: true, envs: builtinPatternEnvs() });
    const rules = ruleSet.rules.filter((r) => r.id === 'deletion-threat' && r.lang === lang);
    const out = new Map<string, Reading>();
    for (const text of texts) {
      if (out.has(text)) continue;
      const found = await lintText({ name: 'r', text, lang }, ruleSet, rules);
      const doc = ReplyDocument.fromText({ name: 'r', source: text, lang });
      const unquoted = blankQuotations(doc);
      const reading: Reading = { pattern: false, sentences: [] };
      for (const d of found) {
        if (d.rule !== 'deletion-threat') continue;
        if (d.score === undefined) reading.pattern = true;
        else {
          const s = doc.sentenceAt(d.offset);
          reading.sentences.push({ text: unquoted.slice(s.start, s.end), tone: d.score });
        }
      }
      out.set(text, reading);
    }
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(Object.fromEntries(out)));
    return out;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The text the classifier gives the model: the quotations blanked (src/engine/types/classifier.ts). */
function blankQuotations(doc: ReplyDocument): string {
  let text = doc.text;
  for (const q of doc.quotations) text = text.slice(0, q.start) + ' '.repeat(q.end - q.start) + text.slice(q.end);
  return text;
}

/** `neutralFp`: the false alarms on neutral lines (not on blame, insult...: those are hostile-tone findings anyway). */
type Counts = { tp: number; fp: number; fn: number; tn: number; neutralFp: number };
const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0, tn: 0, neutralFp: 0 });
const KEYS = ['tp', 'fp', 'fn', 'tn', 'neutralFp'] as const;
const add = (c: Counts, hit: boolean, label: boolean, neutral: boolean) => {
  if (hit && !label && neutral) c.neutralFp++;
  void (hit && label ? c.tp++ : hit ? c.fp++ : label ? c.fn++ : c.tn++);
};
const fmt = (x: number) => (Number.isNaN(x) ? '  -  ' : x.toFixed(2).padStart(5));
const pr = (c: Counts) =>
  `P ${fmt(c.tp / (c.tp + c.fp))} R ${fmt(c.tp / (c.tp + c.fn))} (tp ${c.tp} fp ${c.fp}, ${c.neutralFp} of them neutral, fn ${c.fn})`;
const f1 = (c: Counts) => (2 * c.tp) / (2 * c.tp + c.fp + c.fn);

async function crossValidate(lang: Lang): Promise<void> {
  const spec = readSpec(specFile).find((s) => s.name === 'threat' && s.lang === lang);
  if (!spec) throw new Error(`${specFile}: no threat model for ${lang}`);
  const tuned = withSets(spec);
  const { examples } = examplesOf(tuned);
  // The lines held out are the files' own lines, not the sentences added from them.
  const lines = tuned.gatedSentences ? examplesOf({ ...tuned, gatedSentences: undefined }).examples : examples;
  const read = await readings(lang, [...new Set(lines.map((e) => e.text))]);
  const groups = [...new Set(examples.map((e) => e.group!))];
  console.log(
    `threat-${lang}: ${examples.length} examples, ${groups.length} writers held out in turn; ${sets.length ? `set ${sets.join(' ')}` : 'the spec as it is'}`,
  );
  const pools = new Map<string, { before: Counts[]; after: Map<number, Counts[]> }>();
  const patternsOnly = zero();
  for (const group of groups) {
    const held = lines.filter((e) => e.group === group);
    if (!held.some((e) => e.label === 'threat')) continue;
    const options = {
      name: 'threat',
      lang,
      labels: tuned.labels,
      features: tuned.features,
      epochs: tuned.epochs,
      rate: tuned.rate,
      l2: tuned.l2,
      seed: tuned.seed,
      minCount: tuned.minCount,
      sources: [],
    };
    const rest = examples.filter((e) => e.group !== group);
    // As npm run train does: an ensemble's members differ by their seed (here only their shuffles).
    const seeds = Array.from({ length: tuned.ensemble ?? 1 }, (_, k) => tuned.seed + 7919 * k);
    const model = encodeTrained(
      averageWeights(seeds.map((seed) => trainWeights(rest, { ...options, seed }))),
      options,
      seeds,
    ).model;
    const tone = zero();
    const pat = zero();
    const byT = new Map(thresholds.map((t) => [t, zero()]));
    const misses: string[] = [];
    const kind = kindOf(group);
    for (const e of held) {
      const r = read.get(e.text)!;
      const label = e.label === 'threat';
      // --mean: the mean of the threat model's and the tone model's threat probabilities (measured, not shipped).
      const best = Math.max(
        0,
        ...r.sentences.map((s) =>
          mean ? (model.score(s.text).get('threat')! + s.tone) / 2 : model.score(s.text).get('threat')!,
        ),
      );
      const toneHit = r.pattern || r.sentences.some((s) => s.tone >= 0.5);
      const neutral = (e.sourceLabel ?? e.label) === 'none';
      add(tone, toneHit, label, neutral);
      add(pat, r.pattern, label, neutral);
      for (const t of thresholds) add(byT.get(t)!, r.pattern || best >= t, label, neutral);
      const t0 = thresholds.includes(0.5) ? 0.5 : thresholds[0]!;
      if (verbose && (r.pattern || best >= t0) !== label && (label || neutral))
        misses.push(`${label ? 'FN' : 'FP'} ${best.toFixed(2)} ${e.text.slice(0, 150)}`);
    }
    for (const k of KEYS) patternsOnly[k] += pat[k];
    pooled(kind).before.push(tone);
    for (const t of thresholds) pooled(kind).after.get(t)!.push(byT.get(t)!);
    console.log(
      `  held out ${group} (${held.length} lines, ${held.filter((e) => e.label === 'threat').length} threats)`,
    );
    console.log(`    patterns alone          ${pr(pat)}`);
    console.log(`    before (tone, 0.5)      ${pr(tone)}${kind === TEAM ? '  (tone trained on it)' : ''}`);
    for (const t of thresholds) console.log(`    after (threat, ${t.toFixed(2)})  ${pr(byT.get(t)!)}`);
    if (verbose) for (const m of misses) console.log(`      ${m}`);
  }
  for (const [kind, p] of pools) {
    console.log(`  pooled: ${kind}`);
    console.log(`    before (tone, 0.5)      ${pr(sum(p.before))}${kind === TEAM ? '  (tone trained on them)' : ''}`);
    for (const t of thresholds)
      console.log(
        `    after (threat, ${t.toFixed(2)})  ${pr(sum(p.after.get(t)!))}  F1 ${f1(sum(p.after.get(t)!)).toFixed(3)}`,
      );
  }
  console.log(`  all held-out writers: patterns alone ${pr(patternsOnly)}`);
  function pooled(kind: string) {
    let p = pools.get(kind);
    if (!p) pools.set(kind, (p = { before: [], after: new Map(thresholds.map((t) => [t, []])) }));
    return p;
  }
}

const TEAM = "the team's files, by writer";
/** How the pooled figures group the writers: the team's files, the studied blind batches, the threats-10 personas. */
function kindOf(group: string): string {
  if (group.startsWith('training/blind/')) return 'the studied blind batches (their patterns were tuned on them)';
  if (/threats-10/.test(group)) return 'the threats-10 personas (written for this model, never studied)';
  return TEAM;
}
const sum = (cs: Counts[]) => {
  const out = zero();
  for (const c of cs) for (const k of KEYS) out[k] += c[k];
  return out;
};

for (const lang of langs) await crossValidate(lang);
