/**
 * npm run train [-- --only tone-en] [--spec training/models.json] [--out dir]: trains the models the spec
 * lists (without --spec: training/models.json, then training/threat-models.json) and writes models/<name>-<lang>.bin (or <dir>/models/..., to try a spec without
 * touching the shipped weights). Deterministic (seeded shuffles and generator,
 * fixed epochs): the same data gives the same bytes. Lists its data sources as it reads them.
 * The shared corpora are read from ../shared/corpora, or REPLYLINT_CORPORA.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../core/package.js';
import { modelFile } from '../model/index.js';
import {
  averageWeights,
  encodeTrained,
  trainSoftmax,
  trainWeights,
  type TrainOptions,
  type TrainingExample,
} from '../model/train.js';
import { trainNetwork } from '../model/train-network.js';
import type { NetworkShape } from '../model/network.js';
import { parse } from 'yaml';
import { sentenceSpans } from '../document/segment.js';
import { loadSource, type Source } from './training-data.js';

/**
 * A model of the spec file: its training options, with the data it is trained on instead of
 * `sources`. `kind: "conv"` is a network (src/model/network.ts: `network` its shape, `batch`,
 * `dropout`, `decay` its training); `dataFrom` names another entry of the same language whose
 * data it is trained on (a network beside the linear model, on the same replies).
 */
export type ModelSpec = Omit<TrainOptions, 'sources'> & {
  data: Source[];
  kind?: 'linear' | 'conv';
  dataFrom?: string;
  network?: NetworkShape;
  batch?: number;
  dropout?: number;
  decay?: number;
  wordDropout?: number;
  smoothing?: number;
  /**
   * The label of the examples whose label is not one of the model's (a `threat` model reads the
   * team's files, whose blame, insult... lines are `none` for it). Absent: such a label is an error.
   */
  otherLabels?: string;
  /**
   * Hard negatives: the examples of the neutral label (labels[0]) that pass the `require` gate
   * of `rule` (the sentences the rule lets the model read: moderation words) count `weight`
   * times. Threats and their near misses share those words; the rest of the replies never reach
   * the model.
   */
  hardNegatives?: { rule: string; weight: number };
  /** The examples of every label but the neutral one count this many times (1 by default). */
  positiveWeight?: number;
  /**
   * Each example of several sentences also gives, as examples of its own label, its sentences
   * that pass `hardNegatives.rule`'s `require` (what the rule asks the model about), counting
   * `weight`: the model is read a sentence at a time.
   */
  gatedSentences?: { weight: number };
};

const MAIN_SPEC = resolve(PACKAGE_ROOT, 'training/models.json');
/** The specs `npm run train` reads without `--spec`: the tone and reply models, then the threat model. */
const DEFAULT_SPECS = [MAIN_SPEC, resolve(PACKAGE_ROOT, 'training/threat-models.json')];

export function readSpec(file: string): ModelSpec[] {
  const specs = (JSON.parse(readFileSync(file, 'utf8')) as { models: ModelSpec[] }).models;
  return specs.map((spec) => {
    if (!spec.dataFrom) return spec;
    // In the same spec, else in the shipped one (a candidate's spec beside training/models.json).
    const from = [...specs, ...(file === MAIN_SPEC ? [] : readSpec(MAIN_SPEC))].find(
      (s) => s.name === spec.dataFrom && s.lang === spec.lang,
    );
    if (!from)
      throw new Error(
        `${file}: ${spec.name}-${spec.lang} takes its data from '${spec.dataFrom}', which is not in the spec`,
      );
    return { ...spec, data: from.data };
  });
}

/** Seeds of an ensemble's members: the spec's seed, then this far apart. */
const ENSEMBLE_SEED_STEP = 7919;

/** The examples of one model, with the list of where they came from. */
export function examplesOf(
  spec: ModelSpec,
  root = PACKAGE_ROOT,
  corpora = defaultCorpora(root),
): { examples: TrainingExample[]; sources: string[] } {
  const examples: TrainingExample[] = [];
  const sources: string[] = [];
  spec.data.forEach((source, i) => {
    const loaded = loadSource(source, root, corpora, spec.seed + i);
    const group = writerOf(source);
    for (const e of loaded.examples) e.group = group;
    for (const e of loaded.examples)
      if (!spec.labels.includes(e.label)) {
        if (spec.otherLabels === undefined)
          throw new Error(
            `${spec.name}-${spec.lang}: label '${e.label}' from ${loaded.description} is not in the spec`,
          );
        e.sourceLabel = e.label;
        e.label = spec.otherLabels;
      }
    examples.push(...loaded.examples);
    sources.push(loaded.description.replace(root, '').replace(resolve(root, '..'), '..'));
  });
  if (spec.positiveWeight !== undefined)
    for (const e of examples) if (e.label !== spec.labels[0]) e.weight *= spec.positiveWeight;
  if (spec.gatedSentences && spec.hardNegatives) {
    const gate = requireGate(resolve(root, spec.hardNegatives.rule));
    const extra: TrainingExample[] = [];
    for (const e of examples) {
      const spans = sentenceSpans(e.text);
      if (spans.length < 2) continue;
      for (const span of spans) {
        const text = e.text.slice(span.start, span.end);
        if (gate(text)) extra.push({ ...e, text, weight: e.weight * spec.gatedSentences.weight });
      }
    }
    examples.push(...extra);
    sources.push(
      `gated sentences of the examples of several sentences: ${extra.length}, weight x${spec.gatedSentences.weight}`,
    );
  }
  if (spec.hardNegatives) {
    const gate = requireGate(resolve(root, spec.hardNegatives.rule));
    let hard = 0;
    for (const e of examples)
      if (e.label === spec.labels[0] && gate(e.text)) {
        e.weight *= spec.hardNegatives.weight;
        hard++;
      }
    sources.push(
      `hard negatives (${spec.labels[0]} passing the require of ${spec.hardNegatives.rule}): ${hard}, weight x${spec.hardNegatives.weight}`,
    );
  }
  return { examples, sources };
}

/**
 * Whether a text passes a classifier rule's `require` (one of its patterns matches), read as
 * plain regular expressions, case-insensitive, on the text and on the text with its accents
 * folded (as the engine reads it).
 */
export function requireGate(ruleFile: string): (text: string) => boolean {
  const rule = parse(readFileSync(ruleFile, 'utf8')) as { require?: string[] };
  const fold = (t: string) => t.normalize('NFD').replace(/\p{M}/gu, '');
  const patterns = (rule.require ?? []).flatMap((p) => [new RegExp(p, 'iu'), new RegExp(fold(p), 'iu')]);
  if (!patterns.length) return () => true;
  return (text) => {
    const folded = fold(text);
    return patterns.some((p) => p.test(text) || p.test(folded));
  };
}

/**
 * Who wrote a source, for `robustGroups`: a file's name without its letter within a batch
 * (training/en/replies-5a.txt and replies-5s.txt are one writer's, "training/en/replies-5"), a
 * generator's fragments file, a corpus by its name; `group` in the spec says it otherwise.
 */
export function writerOf(source: Source & { group?: string }): string {
  if (source.group) return source.group;
  if ('corpus' in source) return `corpus ${source.corpus}`;
  if ('generator' in source) return source.generator;
  const file = 'file' in source ? source.file : source.pairs;
  const stem = file.replace(/\.[a-z]+$/, '');
  return stem.replace(/(\d)[a-z]{1,2}$/, '$1').replace(/-[a-z]$/, '');
}

export function defaultCorpora(root = PACKAGE_ROOT): string {
  return process.env.REPLYLINT_CORPORA ?? resolve(root, '../shared/corpora');
}

function main(): void {
  const args = process.argv.slice(2);
  const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const specFiles = at('--spec') ? [resolve(at('--spec')!)] : DEFAULT_SPECS;
  const only = at('--only');
  const out = at('--out');
  for (const spec of specFiles.flatMap(readSpec)) {
    const id = `${spec.name}-${spec.lang}`;
    if (only && only !== id) continue;
    const started = Date.now();
    const { examples, sources } = examplesOf(spec);
    console.log(`${id}: ${examples.length} examples from`);
    for (const s of sources) console.log(`  ${s}`);
    const options = {
      name: spec.name,
      lang: spec.lang,
      labels: spec.labels,
      features: spec.features,
      epochs: spec.epochs,
      rate: spec.rate,
      l2: spec.l2,
      seed: spec.seed,
      minCount: spec.minCount,
      featureDropout: spec.featureDropout,
      robustGroups: spec.robustGroups,
      smoothing: spec.smoothing,
      minCountFirst: spec.minCountFirst,
      sources,
    };
    const members = spec.ensemble ?? 1;
    let bytes: Uint8Array;
    if (spec.kind === 'conv') {
      if (!spec.network) throw new Error(`${id}: a conv model needs its \`network\` shape`);
      bytes = trainNetwork(examples, {
        ...options,
        network: spec.network,
        batch: spec.batch ?? 32,
        dropout: spec.dropout ?? 0,
        decay: spec.decay ?? 0,
        wordDropout: spec.wordDropout ?? 0,
        smoothing: spec.smoothing ?? 0,
      }).bytes;
    } else if (members <= 1) bytes = trainSoftmax(examples, options).bytes;
    else {
      // Member k: its own seed for the shuffles and the generated examples; the weights averaged.
      const seeds = Array.from({ length: members }, (_, k) => spec.seed + ENSEMBLE_SEED_STEP * k);
      const weights = seeds.map((seed, k) =>
        trainWeights(k === 0 ? examples : examplesOf({ ...spec, seed }).examples, { ...options, seed }),
      );
      console.log(`  ensemble of ${members} (seeds ${seeds.join(', ')}), weights averaged`);
      bytes = encodeTrained(averageWeights(weights), options, seeds, examples.length).bytes;
    }
    const file = out ? modelFile(spec.name, spec.lang, resolve(out)) : modelFile(spec.name, spec.lang);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, bytes);
    renameSync(`${file}.tmp`, file);
    console.log(
      `  -> ${relative(process.cwd(), file)} (${(bytes.length / 1024).toFixed(0)} KiB, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(PACKAGE_ROOT, 'dist/tools/train.js')) main();
