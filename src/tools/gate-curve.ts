/**
 * npm run gate-curve [-- --rule dead-end-reply] [--data DIR] [--set NAME] [--recall 0.5] [--candidate SPEC] [--json]
 *
 * The precision/recall curve of a rule whose patterns are gated by the reply model
 * (`reply_model` / `reply_gate`, src/engine/reply-model.ts), on the labelled sets in the format of
 * real/pairs.jsonl (the real pairs, the written replies, the project's own blind batches). For
 * each reply it works out, once, whether the patterns (with `when`) find it and the model's
 * probability of the rule's label, then prints, per set and language:
 *  - the patterns alone (the gate lifted);
 *  - the patterns and the gate at each threshold (the shipped rule is one row of this);
 *  - the model alone at each threshold (what the model could do without the patterns);
 *  - the best precision either reaches at a recall of at least --recall (0.5), over every
 *    threshold: what the ranking allows on that set (an optimistic figure: chosen on the set).
 * `--candidate SPEC` (a spec in the format of training/reply-models.json) trains its models in
 * memory and scores with them instead of the rule's: a model one is thinking of shipping is
 * measured beside the patterns without writing models/. A model with a `pairs` source reads the
 * message beside the reply (`replyModelText`).
 * It measures: it chooses nothing. Only dead-end-reply has a label in these sets today.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../core/package.js';
import { lintText } from '../lint.js';
import { loadModel, textProbabilities, type LinearModel } from '../model/index.js';
import { trainSoftmax } from '../model/train.js';
import { examplesOf, readSpec } from './train.js';
import { builtinPatternEnvs } from '../rules/anchor-table.js';
import { loadRuleSet } from '../rules/load.js';
import { AnsweredMessageText } from '../answered/message.js';
import { ReplyDocument } from '../document/document.js';
import { replyModelText } from './training-data.js';

/** The label of a real/GUIDELINE.md record that each rule is judged by (see eval.ts REAL_RULES). */
const LABEL_OF: Record<string, string> = { 'dead-end-reply': 'dead_end' };
const THRESHOLDS = [0.005, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

interface Scored {
  lang: string;
  truth: boolean;
  patterns: boolean;
  p: number;
}

/** The built-in rules with the rule's gate lifted (reply_gate 0), loaded from a copy of rules/ and signals/. */
function rulesWithoutGate(rule: string) {
  const root = mkdtempSync(join(tmpdir(), 'replylint-gate-'));
  cpSync(join(PACKAGE_ROOT, 'rules'), join(root, 'rules'), { recursive: true });
  cpSync(join(PACKAGE_ROOT, 'signals'), join(root, 'signals'), { recursive: true });
  const configs = new Map<string, Record<string, unknown>>();
  for (const lang of ['en', 'fr']) {
    const file = join(root, 'rules', lang, `${rule}.yml`);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    configs.set(lang, parse(text) as Record<string, unknown>);
    writeFileSync(file, text.replace(/^reply_gate: .*$/mu, 'reply_gate: 0'));
  }
  try {
    return { ruleSet: loadRuleSet({ builtinRoot: root, envs: builtinPatternEnvs() }), configs };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The models of a candidate spec, trained in memory, by language, and whether each reads the message. */
function candidateModels(file: string): Map<string, { model: LinearModel; message: boolean }> {
  const out = new Map<string, { model: LinearModel; message: boolean }>();
  for (const spec of readSpec(file)) {
    const { examples, sources } = examplesOf(spec);
    const { model } = trainSoftmax(examples, { ...spec, sources });
    out.set(spec.lang, { model, message: spec.data.some((source) => 'pairs' in source) });
    console.error(`candidate ${spec.name}-${spec.lang}: trained in memory on ${examples.length} examples`);
  }
  return out;
}

const counts = (rows: Scored[], holds: (r: Scored) => boolean) => {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const r of rows) {
    if (holds(r) && r.truth) tp++;
    else if (holds(r)) fp++;
    else if (r.truth) fn++;
  }
  return { tp, fp, fn };
};

/**
 * The best precision at a recall of at least `recall`, over every threshold (each distinct score
 * is one): what the model's ranking allows on this set, whatever threshold one would pick.
 */
function bestAt(rows: Scored[], recall: number, gated: boolean): string {
  const candidates = rows.filter((r) => !gated || r.patterns);
  const positives = rows.filter((r) => r.truth).length;
  let best: { p: number; t: number; c: ReturnType<typeof counts> } | undefined;
  for (const t of new Set(candidates.map((r) => r.p))) {
    const c = counts(rows, (r) => (!gated || r.patterns) && r.p >= t);
    if (!positives || c.tp / positives < recall) continue;
    const precision = c.tp / (c.tp + c.fp);
    if (!best || precision > best.p) best = { p: precision, t, c };
  }
  return best ? `${cell(best.c).trimEnd()} at t=${best.t.toFixed(3)}` : 'unreachable';
}

function cell({ tp, fp, fn }: { tp: number; fp: number; fn: number }): string {
  const p = tp + fp ? (tp / (tp + fp)).toFixed(2) : '   -';
  const r = tp + fn ? (tp / (tp + fn)).toFixed(2) : '   -';
  return `P ${p} R ${r} (${tp}/${fp}/${fn})`.padEnd(28);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const known = new Set(['--rule', '--data', '--set', '--recall', '--candidate']);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--json') continue;
    if (!known.has(args[i]!) || args[i + 1] === undefined) {
      console.error(
        `gate-curve: ${known.has(args[i]!) ? `${args[i]} needs a value` : `unknown option ${args[i]}`}\nusage: npm run gate-curve -- [--rule dead-end-reply] [--data DIR] [--set NAME] [--recall 0.5] [--candidate SPEC] [--json]`,
      );
      process.exit(2);
    }
    i++;
  }
  const rule = at('--rule') ?? 'dead-end-reply';
  const label = LABEL_OF[rule];
  if (!label) {
    console.error(`gate-curve: no labelled set judges ${rule} (known: ${Object.keys(LABEL_OF).join(', ')})`);
    process.exit(2);
  }
  const dir = resolve(at('--data') ?? process.env.REPLYLINT_EVAL_DIR ?? '../shared/eval');
  const sets: [string, string][] = [
    ['pairs', join(dir, 'real', 'pairs.jsonl')],
    ['written', join(dir, 'real', 'written.jsonl')],
    ['own-real', join(PACKAGE_ROOT, 'fixtures', 'eval-real-register', 'pairs.jsonl')],
    ...[2, 3, 4, 5].map((n): [string, string] => [
      `own-real-${n}`,
      join(PACKAGE_ROOT, 'fixtures', `eval-real-register-${n}`, 'pairs.jsonl'),
    ]),
  ];
  const only = at('--set');
  const { ruleSet, configs } = rulesWithoutGate(rule);
  const candidateSpec = at('--candidate');
  let candidates: ReturnType<typeof candidateModels> | undefined;
  try {
    candidates = candidateSpec ? candidateModels(resolve(candidateSpec)) : undefined;
  } catch (error) {
    console.error(`gate-curve: --candidate ${candidateSpec}: ${(error as Error).message}`);
    process.exit(2);
  }
  const out: Record<string, Scored[]> = {};
  for (const [name, file] of sets) {
    if ((only && !name.includes(only)) || !existsSync(file)) continue;
    const rows: Scored[] = [];
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as Record<string, unknown> & { message: string; reply: string; lang: string };
      const found = await lintText({ name: String(r.id), text: r.reply, inReplyTo: r.message }, ruleSet);
      // The model the rule of the reply's language reads, on the text that rule reads.
      const doc = ReplyDocument.fromText({ name: String(r.id), source: r.reply });
      const config = configs.get(doc.lang);
      if (!config) continue;
      const candidate = candidates?.get(doc.lang);
      if (candidates && !candidate) continue;
      const model = candidate?.model ?? loadModel(String(config.reply_model), doc.lang);
      const readsMessage = candidate?.message ?? false;
      const message = AnsweredMessageText.fromText(r.message, ruleSet.signals);
      const text = readsMessage ? replyModelText(doc.text, message.doc.text) : doc.text;
      const p = textProbabilities(model, text)[model.labels.indexOf(String(config.reply_label))] ?? 0;
      rows.push({ lang: r.lang, truth: r[label] === true, patterns: found.some((d) => d.rule === rule), p });
    }
    out[name] = rows;
  }
  if (args.includes('--json')) {
    console.log(JSON.stringify(out));
    return;
  }
  for (const [name, rows] of Object.entries(out))
    for (const lang of ['en', 'fr']) {
      const of = rows.filter((r) => r.lang === lang);
      if (!of.length) continue;
      const positives = of.filter((r) => r.truth).length;
      const shipped = configs.get(lang)?.reply_gate;
      console.log(
        `\n${name} ${lang}: ${of.length} replies, ${positives} labelled ${label} (shipped reply_gate ${shipped})`,
      );
      console.log(`patterns alone (gate lifted): ${cell(counts(of, (r) => r.patterns))}`);
      const recall = Number(at('--recall') ?? 0.5);
      console.log(
        `best precision at recall >= ${recall}: patterns + model ${bestAt(of, recall, true)}; model alone ${bestAt(of, recall, false)}`,
      );
      console.log('threshold  patterns + model >= t       model alone >= t');
      for (const t of THRESHOLDS)
        console.log(
          `${t.toFixed(2).padStart(9)}  ${cell(counts(of, (r) => r.patterns && r.p >= t))}${cell(counts(of, (r) => r.p >= t))}`,
        );
    }
}

await main();
