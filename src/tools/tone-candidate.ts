/**
 * node dist/tools/tone-candidate.js [DIR]: the tone models of DIR/models (default: the package's)
 * read alone, without the rules' patterns, on the sets we may tune on: for the linear model
 * (`tone-<lang>.bin`), the network (`tone-net-<lang>.bin`) and their mean, the ROC AUC of the
 * hostile score on real/written.jsonl (threats left out) and the recall at the best threshold with
 * precision >= 0.90, then the false alarms per 1,000 of our held-out neutral replies at that
 * threshold. A quick comparison of candidates before `npm run tone-report` measures the rules.
 * `--cost [THRESHOLD]`: the CPU time per reply of each (see `cost`).
 * Never reads real/pairs.jsonl.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../core/package.js';
import { loadTextModel, scoreReply, textProbabilities, type TextModel } from '../model/index.js';
import { readLabelledText } from './training-data.js';
import { rocAuc } from './tone-report.js';

const HOSTILE = ['blame', 'condescension', 'sarcasm', 'dismissal', 'gaslighting', 'insult'];
const dir = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? PACKAGE_ROOT);
const evalDir = resolve(process.env.REPLYLINT_EVAL_DIR ?? resolve(PACKAGE_ROOT, '../shared/eval'));
const readJsonl = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);

function hostility(model: TextModel, text: string): number {
  const p = textProbabilities(model, text);
  let s = 0;
  for (const label of HOSTILE) s += p[model.labels.indexOf(label)]!;
  return s;
}

/** The threshold with the best recall at precision >= 0.90, its recall and precision. */
function bestAt90(scores: { score: number; positive: boolean }[]): {
  threshold: number;
  recall: number;
  precision: number;
} {
  const sorted = [...scores].sort((a, b) => b.score - a.score);
  const positives = scores.filter((s) => s.positive).length;
  let best = { threshold: 1, recall: 0, precision: 1 };
  let tp = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i]!.positive) tp++;
    if (i + 1 < sorted.length && sorted[i + 1]!.score === sorted[i]!.score) continue;
    const precision = tp / (i + 1);
    if (precision >= 0.9 && tp / positives > best.recall)
      best = { threshold: sorted[i]!.score, recall: tp / positives, precision };
  }
  return best;
}

const fmt = (x: number) => x.toFixed(3);

/**
 * `--cost`: CPU time per reply of the hostile score (tokenizing included), linear model against
 * network against their mean, in one process, rounds interleaved (the paired comparison that
 * load on a shared machine does not skew), after a warm-up round that reads every weight.
 */
function cost(): void {
  const replies = [
    ...readJsonl(join(evalDir, 'real/written.jsonl')).map((r) => r.reply as string),
    ...['en', 'fr'].flatMap((lang) =>
      readJsonl(resolve(PACKAGE_ROOT, `training/reply/pairs-5-${lang}.jsonl`)).map((r) => r.reply as string),
    ),
  ];
  const kinds: [string, TextModel][] = [];
  for (const lang of ['en']) {
    const linearFile = join(dir, 'models', `tone-${lang}.bin`);
    const netFile = join(dir, 'models', `tone-net-${lang}.bin`);
    kinds.push(['linear', loadTextModel([linearFile])], ['network', loadTextModel([netFile])]);
    kinds.push(['mean', loadTextModel([linearFile, netFile])]);
  }
  // The rules' path: scoreReply with the threshold (the mean stops at the linear model's bound
  // for most replies, and explains the ones it flags).
  const threshold = Number(process.argv[process.argv.indexOf('--cost') + 1]) || 0.55;
  const rulePath = (model: TextModel) => (text: string) => scoreReply(model, text, HOSTILE, threshold).score;
  const runs: [string, (text: string) => number][] = [
    ...kinds.map(([name, model]): [string, (text: string) => number] => [name, (text) => hostility(model, text)]),
    [`linear as the rule reads it (threshold ${threshold})`, rulePath(kinds[0]![1])],
    [`mean as the rule reads it (threshold ${threshold})`, rulePath(kinds[2]![1])],
  ];
  const spent = new Map(runs.map(([k]) => [k, 0]));
  for (let round = 0; round < 6; round++)
    for (const [name, score] of runs) {
      const start = process.cpuUsage();
      // Consecutive texts differ: each is tokenized and scored afresh (the memo holds the last one).
      for (const text of replies) score(text);
      const used = process.cpuUsage(start);
      if (round > 0) spent.set(name, spent.get(name)! + used.user + used.system);
    }
  for (const [name] of runs)
    console.log(
      `cost ${name.padEnd(8)} ${(spent.get(name)! / (5 * replies.length)).toFixed(1)} µs a reply (${replies.length} replies, 5 rounds)`,
    );
}
if (process.argv.includes('--cost')) {
  cost();
  process.exit(0);
}

for (const lang of ['en', 'fr']) {
  const linearFile = join(dir, 'models', `tone-${lang}.bin`);
  const netFile = join(dir, 'models', `tone-net-${lang}.bin`);
  const models: [string, (text: string) => number][] = [];
  const linear = existsSync(linearFile) ? loadTextModel([linearFile]) : undefined;
  const net = existsSync(netFile) ? loadTextModel([netFile]) : undefined;
  if (linear) models.push(['linear', (t) => hostility(linear, t)]);
  if (net) models.push(['network', (t) => hostility(net, t)]);
  if (linear && net) {
    const both = loadTextModel([linearFile, netFile]);
    models.push(['mean', (t) => hostility(both, t)]);
    // Weighted means, to see whether the network adds to the linear model at a smaller share.
    for (const share of [0.25])
      models.push([`mean ${share}`, (t) => (1 - share) * hostility(linear, t) + share * hostility(net, t)]);
  }
  const written = readJsonl(join(evalDir, 'real/written.jsonl')).filter((r) => r.lang === lang && r.kind !== 'threat');
  const neutralFiles = [
    ...['training/reply', 'training/heldout']
      .map((d) => resolve(PACKAGE_ROOT, d))
      .filter(existsSync)
      .flatMap((d) =>
        readdirSync(d)
          .filter(
            (f) => (f.startsWith(`pairs-5-${lang}`) || f.startsWith(`${lang}-neutral`)) && !f.includes('fragments'),
          )
          .map((f) => join(d, f)),
      ),
  ];
  const neutral = neutralFiles.flatMap((f) =>
    f.endsWith('.jsonl')
      ? readJsonl(f).map((r) => r.reply as string)
      : readLabelledText(readFileSync(f, 'utf8'), f)
          .filter((e) => e.label === 'none')
          .map((e) => e.text),
  );
  const blindFiles = readdirSync(resolve(PACKAGE_ROOT, 'training/blind')).filter((f) =>
    new RegExp(`^${lang}(-\\d+)?\\.txt$`).test(f),
  );
  for (const [name, score] of models) {
    const scores = written.map((r) => ({ score: score(r.reply as string), positive: r.hostile === true }));
    const best = bestAt90(scores);
    const fa = (threshold: number) => (1000 * neutral.filter((t) => score(t) >= threshold).length) / neutral.length;
    const at = (threshold: number) => {
      const tp = scores.filter((s) => s.positive && s.score >= threshold).length;
      const fp = scores.filter((s) => !s.positive && s.score >= threshold).length;
      return `P ${fmt(tp / (tp + fp))} R ${fmt(tp / scores.filter((s) => s.positive).length)} FA ${fa(threshold).toFixed(1)}`;
    };
    // The separation that matters: recall on written.jsonl at a threshold that keeps our
    // held-out neutral replies' false alarms to 10 and 20 per 1,000.
    const neutralScores = neutral.map(score).sort((a, b) => b - a);
    const atNeutral = (perThousand: number) => {
      const threshold = neutralScores[Math.floor((perThousand * neutral.length) / 1000)] ?? 0;
      const above = scores.filter((s) => s.score > threshold);
      const tp = above.filter((s) => s.positive).length;
      return `R ${fmt(tp / scores.filter((s) => s.positive).length)} P ${fmt(tp / above.length)} (>${fmt(threshold)})`;
    };
    const blind = blindFiles
      .map((f) => {
        const file = resolve(PACKAGE_ROOT, 'training/blind', f);
        const examples = readLabelledText(readFileSync(file, 'utf8'), file).filter((e) => e.label !== 'threat');
        const s = examples.map((e) => ({ score: score(e.text), positive: e.label !== 'none' }));
        return `${f} ${fmt(rocAuc(s))}`;
      })
      .join(', ');
    console.log(
      `${lang} ${name.padEnd(8)} written AUC ${fmt(rocAuc(scores))}; neutral FA 10: ${atNeutral(10)}, FA 20: ${atNeutral(20)}; at P>=0.90: R ${fmt(best.recall)} (threshold ${fmt(best.threshold)}), neutral FA/1000 there ${fa(best.threshold).toFixed(1)} (${neutral.length} replies); at 0.5: ${at(0.5)}; at 0.35: ${at(0.35)}; blind AUC ${blind}`,
    );
  }
}
