/**
 * npm run tone-report [-- --verbose]: the tone model's figures on the shared sets, through the
 * rules as a user runs them (lintText, language detected, the message as in_reply_to):
 *  - real/written.jsonl: the hostile-tone family (warning and above) and deletion-threat,
 *    precision / recall per language, and the hard negatives flagged;
 *  - real/pairs.jsonl: hostile false alarms per 1,000 replies (measurement only);
 *  - politeness.jsonl: ROC AUC of the model's hostility score (the whole text), of the politeness
 *    strategies (src/model/politeness.ts) and of the tone score that averages them;
 *  - training/blind/<lang>.txt: the blind batch, written before tuning and never trained on;
 *  - our held-out neutral replies (training/heldout/<lang>-neutral-*.txt, and the reply model's
 *    pairs training/reply/pairs-5-<lang>.jsonl, which the tone model never reads): false alarms
 *    per 1,000.
 * `npm run eval` (src/tools/eval.ts) is the general measurement; this one is the model's.
 *
 * A candidate is measured through the same rules: `--candidate DIR` reads the models of
 * DIR/models/ first (`npm run train -- --out DIR`), `--model NAME` is the model line of
 * hostile-tone (e.g. `tone+tone-net`, the mean of the linear model and the network),
 * `--threat-model NAME` deletion-threat's, `--threshold X` hostile-tone's threshold (`--threat-threshold X`
 * deletion-threat's), `--score sum|kind` how
 * hostile-tone reads its labels (the classifier's `score`): the rules are copied with those lines
 * changed into a temporary folder that replaces the built-in ones.
 *
 * `--skip REGEX` leaves out the blind batches and held-out sets whose file name matches (a helper
 * that may not read the honest sets: `--skip 'en-8|fr-8|-10|neutral-9'`). The blind batches the
 * threat model is trained on (training/threat-models.json) are named "trained on by the threat
 * model": their deletion-threat figures are no longer blind.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { lintText } from '../lint.js';
import { loadBuiltinRules } from '../rules/builtin.js';
import { builtinPatternEnvs } from '../rules/anchor-table.js';
import { loadRuleSet, type RuleSet } from '../rules/load.js';
import { PACKAGE_ROOT } from '../core/package.js';
import { toneOf, type ToneReading } from '../model/tone-score.js';
import { useCandidateModels } from '../model/index.js';
import type { Diagnostic } from '../diagnostics.js';
import { readLabelledText } from './training-data.js';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const dir = resolve(process.env.REPLYLINT_EVAL_DIR ?? resolve(PACKAGE_ROOT, '../shared/eval'));
const option = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const candidate = option('--candidate');
if (candidate) useCandidateModels(resolve(candidate));
const threatModel = option('--threat-model');
const scoreMode = option('--score');
const threatThreshold = option('--threat-threshold');
const skip = option('--skip') ? new RegExp(option('--skip')!) : undefined;
/** The files the threat model is trained on (its spec's data). */
const threatTrained = (() => {
  const spec = resolve(PACKAGE_ROOT, 'training/threat-models.json');
  if (!existsSync(spec)) return new Set<string>();
  const models = (JSON.parse(readFileSync(spec, 'utf8')) as { models: { data: { file?: string }[] }[] }).models;
  return new Set(models.flatMap((m) => m.data.flatMap((d) => (d.file ? [d.file] : []))));
})();
const ruleSet = candidateRules(option('--model'), option('--threshold')) ?? loadBuiltinRules();

/**
 * The built-in rules with the model and threshold lines of the tone rules changed: a copy of the
 * pack (rules/ and signals/) read as the built-in one is.
 */
function candidateRules(model: string | undefined, threshold: string | undefined): RuleSet | undefined {
  if (!model && !threshold && !threatModel && !scoreMode && !threatThreshold) return undefined;
  const root = mkdtempSync(join(tmpdir(), 'tone-candidate-'));
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  for (const part of ['rules', 'signals']) cpSync(resolve(PACKAGE_ROOT, part), join(root, part), { recursive: true });
  for (const lang of ['en', 'fr'])
    for (const rule of ['hostile-tone', 'deletion-threat']) {
      const file = join(root, 'rules', lang, `${rule}.yml`);
      let yaml = readFileSync(file, 'utf8');
      const lineModel = rule === 'hostile-tone' ? model : threatModel;
      if (lineModel) yaml = yaml.replace(/^model: .*$/m, `model: ${lineModel}`);
      if (threshold && rule === 'hostile-tone') yaml = yaml.replace(/^threshold: .*$/m, `threshold: ${threshold}`);
      if (threatThreshold && rule === 'deletion-threat')
        yaml = yaml.replace(/^threshold: .*$/m, `threshold: ${threatThreshold}`);
      if (scoreMode && rule === 'hostile-tone')
        yaml = /^score: /m.test(yaml)
          ? yaml.replace(/^score: .*$/m, `score: ${scoreMode}`)
          : yaml.replace(/^(threshold: .*)$/m, `$1\nscore: ${scoreMode}`);
      writeFileSync(file, yaml);
    }
  console.log(
    `candidate: models ${candidate ?? 'of the package'}, model ${model ?? 'as the rules say'}, threshold ${threshold ?? 'as the rules say'}, score ${scoreMode ?? 'as the rules say'}`,
  );
  return loadRuleSet({ builtinRoot: root, lazy: true, envs: builtinPatternEnvs() });
}
const readJsonl = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const fmt = (x: number) => (Number.isNaN(x) ? '  -  ' : x.toFixed(2).padStart(5));

type Counts = { tp: number; fp: number; fn: number; tn: number };
const tally = (c: Counts, hit: boolean, label: boolean) =>
  void (hit && label ? c.tp++ : hit ? c.fp++ : label ? c.fn++ : c.tn++);
const line = (name: string, c: Counts) =>
  `${name.padEnd(40)} precision ${fmt(c.tp / (c.tp + c.fp))}  recall ${fmt(c.tp / (c.tp + c.fn))}  (tp ${c.tp} fp ${c.fp} fn ${c.fn} tn ${c.tn})`;
const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0, tn: 0 });

const hostile = (found: Diagnostic[]) => found.some((d) => d.family === 'hostile-tone' && d.level !== 'suggestion');
const threat = (found: Diagnostic[]) => found.some((d) => d.rule === 'deletion-threat');
const lint = (reply: string, message?: string, lang?: 'en' | 'fr') =>
  lintText({ name: 'r', text: reply, inReplyTo: message, lang }, ruleSet);
const show = (found: Diagnostic[]) =>
  found
    .filter((d) => d.family === 'hostile-tone')
    .map((d) => `[${d.rule}${d.score !== undefined ? ` ${d.score.toFixed(2)}` : ''}: ${d.match}]`)
    .join(' ');

async function written(): Promise<void> {
  const file = join(dir, 'real/written.jsonl');
  if (!existsSync(file)) return;
  const counts = new Map<string, Counts>();
  const hardNegatives: string[] = [];
  const misses: string[] = [];
  for (const r of readJsonl(file)) {
    const found = await lint(r.reply as string, r.message as string);
    const lang = r.lang as string;
    const h = hostile(found);
    const t = threat(found);
    const get = (k: string) => counts.get(k) ?? (counts.set(k, zero()), counts.get(k)!);
    tally(get(`hostile-tone family ${lang}`), h, r.hostile === true);
    // The threats are hostile replies too, flagged by deletion-threat (a member of the family, at
    // error): the family's figures on the other replies too, to see the tone rules on their own.
    if (r.kind !== 'threat') tally(get(`hostile-tone family ${lang}, threats left out`), h, r.hostile === true);
    tally(get(`deletion-threat ${lang}`), t, r.threat === true);
    if (r.kind === 'hard-negative' && (h || t)) hardNegatives.push(`${r.id} ${show(found)}`);
    if (h !== (r.hostile === true))
      misses.push(`${h ? 'FP' : 'FN'} ${r.id} ${r.kind}: ${(r.reply as string).slice(0, 160)} ${show(found)}`);
  }
  console.log(`real/written.jsonl`);
  for (const [k, c] of [...counts].sort()) console.log(`  ${line(k, c)}`);
  console.log(
    `  hard negatives flagged: ${hardNegatives.length}${hardNegatives.length ? `\n    ${hardNegatives.join('\n    ')}` : ''}`,
  );
  if (verbose) console.log(`    ${misses.join('\n    ')}`);
}

async function pairs(): Promise<void> {
  const file = join(dir, 'real/pairs.jsonl');
  if (!existsSync(file)) return;
  const records = readJsonl(file);
  const c = zero();
  const alarms: string[] = [];
  for (const r of records) {
    const found = await lint(r.reply as string, r.message as string);
    tally(c, hostile(found), r.hostile === true);
    if (hostile(found) && r.hostile !== true) alarms.push(`${r.id} ${show(found)}`);
  }
  console.log(`real/pairs.jsonl (${records.length} replies; measurement only)`);
  console.log(`  ${line('hostile-tone family', c)}`);
  console.log(`  hostile false alarms per 1,000 replies: ${((1000 * c.fp) / records.length).toFixed(1)}`);
  // Only the ids: the replies are not ours to print into logs that may be committed.
  if (verbose && alarms.length) console.log(`    ${alarms.map((a) => a.split(' ')[0]).join(' ')}`);
}

export function rocAuc(scores: { score: number; positive: boolean }[]): number {
  const sorted = [...scores].sort((a, b) => a.score - b.score);
  let rankSum = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i + 1;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    for (let k = i; k < j; k++) if (sorted[k]!.positive) rankSum += (i + j + 1) / 2;
    i = j;
  }
  const p = scores.filter((s) => s.positive).length;
  return (rankSum - (p * (p + 1)) / 2) / (p * (scores.length - p));
}

function politeness(): void {
  const file = join(dir, 'politeness.jsonl');
  if (!existsSync(file)) return;
  const rows = readJsonl(file);
  const ids = rows.map((r) => String(r.id));
  const all = rows.map((r) => ({
    text: r.text as string,
    positive: r.impolite === 1,
    community: r.community as string,
  }));
  console.log(`politeness.jsonl (${all.length} requests), ROC AUC of impolite vs polite:`);
  printAucs(all);
  // The quartiles are taken per community: the score ranks within each as well as across them.
  for (const community of [...new Set(all.map((r) => r.community))].sort()) {
    const records = all.filter((r) => r.community === community);
    console.log(`  ${community} (${records.length} requests):`);
    printAucs(records, '    ');
  }
  // Two fixed halves (FNV-1a of each id, even: A), for development: a design is chosen on A and kept only if B agrees.
  for (const half of ['A', 'B']) {
    const records = all.filter((_, i) => (fnv1a(ids[i]!) % 2 === 0) === (half === 'A'));
    console.log(`  half ${half} (${records.length} requests):`);
    printAucs(records, '    ');
  }
  // The score ranks brand replies too: the hostile replies of real/written.jsonl (English) against the others.
  const written = join(dir, 'real/written.jsonl');
  if (existsSync(written)) {
    const replies = readJsonl(written).filter((r) => r.lang === 'en');
    const scored = replies.map((r) => ({ score: toneOf(r.reply as string, 'en').score, positive: r.hostile === true }));
    console.log(
      `real/written.jsonl (${replies.length} English replies), tone score, hostile vs the rest ${rocAuc(scored).toFixed(3)}`,
    );
  }
  // The team's own blind batches of requests (politeness-en.txt, politeness-en-2.txt...; never trained on), scored the same way.
  const folder = resolve(PACKAGE_ROOT, 'training/blind');
  const batches = existsSync(folder) ? readdirSync(folder).filter((f) => /^politeness-en(-\d+)?\.txt$/.test(f)) : [];
  for (const name of batches.sort((a, b) => a.length - b.length || a.localeCompare(b))) {
    const own = join(folder, name);
    const requests = readLabelledText(readFileSync(own, 'utf8'), own).map((r) => ({
      text: r.text,
      positive: r.label === 'impolite',
    }));
    console.log(`training/blind/${name} (${requests.length} requests, blind), ROC AUC:`);
    printAucs(requests);
  }
}

/** FNV-1a (32 bits) of a string's UTF-8 bytes: the politeness set's fixed halves. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

function printAucs(records: { text: string; positive: boolean }[], indent = '  '): void {
  const readings = records.map((r) => ({ ...toneOf(r.text, 'en'), positive: r.positive }));
  const auc = (pick: (t: ToneReading) => number | undefined) =>
    readings.some((r) => pick(r) === undefined)
      ? '  -  '
      : rocAuc(readings.map((r) => ({ score: pick(r)!, positive: r.positive }))).toFixed(3);
  console.log(`${indent}tone model's hostility ${auc((t) => t.hostility)}`);
  console.log(`${indent}politeness strategies alone ${auc((t) => t.strategies)}`);
  console.log(`${indent}politeness model (requests) ${auc((t) => t.request)}`);
  console.log(`${indent}tone score (their weighted mean, src/model/tone-score.ts) ${auc((t) => t.score)}`);
}

async function blind(): Promise<void> {
  // Every batch of training/blind/: <lang>.txt (the first), <lang>-2.txt (a second voice)...
  const folder = resolve(PACKAGE_ROOT, 'training/blind');
  const batches = existsSync(folder)
    ? readdirSync(folder).filter((f) => /^(en|fr)(-\d+)?\.txt$/.test(f) && !skip?.test(f))
    : [];
  for (const name of batches.sort()) {
    const lang = name.slice(0, 2) as 'en' | 'fr';
    const file = join(folder, name);
    const c = zero();
    const withoutThreats = zero();
    const t = zero();
    const misses: string[] = [];
    for (const e of readLabelledText(readFileSync(file, 'utf8'), file)) {
      const found = await lint(e.text, undefined, lang);
      tally(c, hostile(found), e.label !== 'none');
      // As for written.jsonl: the family's figures without the threats too (deletion-threat's).
      if (e.label !== 'threat') tally(withoutThreats, hostile(found), e.label !== 'none');
      tally(t, threat(found), e.label === 'threat');
      if (hostile(found) !== (e.label !== 'none'))
        misses.push(`${hostile(found) ? 'FP' : 'FN'} [${e.label}] ${e.text} ${show(found)}`);
    }
    const trained = threatTrained.has(`training/blind/${name}`);
    console.log(
      `training/blind/${name}${trained ? ' (studied; trained on by the threat model: deletion-threat is not blind here)' : ''}`,
    );
    console.log(`  ${line(`hostile-tone family ${lang}`, c)}`);
    // A batch of threats and hard negatives only (en-5) has no other hostile reply to count.
    if (withoutThreats.tp + withoutThreats.fn > 0)
      console.log(`  ${line(`hostile-tone family ${lang}, threats left out`, withoutThreats)}`);
    console.log(`  ${line(`deletion-threat ${lang}`, t)}`);
    if (verbose) console.log(`    ${misses.join('\n    ')}`);
  }
}

/** False alarms of the hostile-tone family on our own neutral replies, never trained on by the tone model. */
async function heldOut(): Promise<void> {
  const sets: { name: string; lang: 'en' | 'fr'; replies: { reply: string; message?: string }[] }[] = [];
  const folder = resolve(PACKAGE_ROOT, 'training/heldout');
  if (existsSync(folder))
    for (const name of readdirSync(folder)
      .filter((f) => /^(en|fr)-neutral-\d+\.txt$/.test(f) && !skip?.test(f))
      .sort()) {
      const file = join(folder, name);
      const replies = readLabelledText(readFileSync(file, 'utf8'), file).filter((e) => e.label === 'none');
      sets.push({
        name: `training/heldout/${name}`,
        lang: name.slice(0, 2) as 'en' | 'fr',
        replies: replies.map((e) => ({ reply: e.text })),
      });
    }
  for (const lang of ['en', 'fr'] as const) {
    const file = resolve(PACKAGE_ROOT, `training/reply/pairs-5-${lang}.jsonl`);
    if (existsSync(file))
      sets.push({
        name: `training/reply/pairs-5-${lang}.jsonl (with the message)`,
        lang,
        replies: readJsonl(file).map((r) => ({ reply: r.reply as string, message: r.message as string })),
      });
  }
  for (const set of sets) {
    let alarms = 0;
    const flagged: string[] = [];
    for (const r of set.replies) {
      const found = await lint(r.reply, r.message, set.lang);
      if (hostile(found)) {
        alarms++;
        flagged.push(`${r.reply} ${show(found)}`);
      }
    }
    console.log(`${set.name} (${set.replies.length} neutral replies, held out)`);
    console.log(
      `  hostile false alarms per 1,000 replies: ${((1000 * alarms) / set.replies.length).toFixed(1)} (${alarms})`,
    );
    if (verbose && flagged.length) console.log(`    ${flagged.join('\n    ')}`);
  }
}

const only = args.find(
  (a, i) =>
    !a.startsWith('--') &&
    !['--candidate', '--model', '--threat-model', '--threshold', '--threat-threshold', '--score', '--skip'].includes(
      args[i - 1]!,
    ),
);
if (!only || only === 'written') await written();
if (!only || only === 'pairs') await pairs();
if (!only || only === 'politeness') politeness();
if (!only || only === 'blind') await blind();
if (!only || only === 'heldout') await heldOut();
