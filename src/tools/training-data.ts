/**
 * The training data of `npm run train`, read from the spec's sources:
 *  - `file`: replies the team wrote, one a line under `[label]` headers (training/<lang>/*.txt);
 *  - `generator`: hand-written fragments (openers, cores per label, closers, signatures) that a
 *    seeded generator combines into whole tweets (training/<lang>/fragments.yml);
 *  - `labels` on a file or generator: its labels mapped to the model's (the replies written for
 *    the reply model, none of them hostile, are `none` for the tone model); unmapped ones are left out;
 *  - `corpus`: a public labelled corpus of ../shared/corpora (MIT), through its own reader and
 *    a label map; `limit` and `weight` keep it from swamping the brand-reply register.
 *  - `pairs`: messages and the replies the team wrote to them, one JSON object a line
 *    ({"message", "reply"} and the labels of ../shared/eval/real/GUIDELINE.md, or a `label`), for
 *    a model that reads the message beside the reply (`replyModelText`; measured by `npm run gate-curve`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { seededRandom, shuffle, type TrainingExample } from '../model/train.js';
import { tokenize } from '../model/features.js';

export type Source =
  | { file: string; weight?: number; labels?: Record<string, string> }
  | { pairs: string; weight?: number; labels?: Record<string, string> }
  | { generator: string; count: number; weight?: number; labels?: Record<string, string> }
  | { corpus: CorpusName; file?: string; labels: Record<string, string>; limit?: number; weight?: number };

export type CorpusName = 'davidson' | 'isarcasmeval' | 'isarcasmeval-rephrase' | 'mlma-en' | 'mlma-fr' | 'ftr';

export interface Loaded {
  examples: TrainingExample[];
  /** One line per source: what it is and how many examples it gave, by label. */
  description: string;
}

/** `[label]` headers, one example a line; `#` starts a comment line. */
export function readLabelledText(text: string, file: string): { text: string; label: string }[] {
  const out: { text: string; label: string }[] = [];
  let label: string | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const header = /^\[([a-z-]+)\]$/.exec(line);
    if (header) label = header[1];
    else if (!label) throw new Error(`${file}:${i + 1}: an example before any [label] header`);
    else out.push({ text: line, label });
  });
  return out;
}

/**
 * The pairs of a `pairs` file as the model reads them (reply, then the message marked as such),
 * each under its label: `label` when the line gives one, else from the guideline's labels of the
 * reply (a dead end; else a deflection; else an investigation; else none of them).
 */
export function readPairs(text: string, file: string): { text: string; label: string }[] {
  const out: { text: string; label: string }[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(line) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`${file}:${i + 1}: not valid JSON (${(error as Error).message})`);
    }
    if (typeof r.reply !== 'string' || typeof r.message !== 'string')
      throw new Error(`${file}:${i + 1}: a pair needs a "message" and a "reply" (strings)`);
    const label =
      typeof r.label === 'string'
        ? r.label
        : r.dead_end === true
          ? 'dead-end'
          : r.link_deflection === true
            ? 'deflects'
            : r.investigates === true
              ? 'investigates'
              : 'none';
    out.push({ text: replyModelText(r.reply, r.message), label });
  });
  return out;
}

export function loadSource(source: Source, root: string, corporaDir: string, seed: number): Loaded {
  const weight = source.weight ?? 1;
  if ('file' in source && !('corpus' in source)) {
    const path = resolve(root, source.file);
    const items = relabel(readLabelledText(readFileSync(path, 'utf8'), source.file), source.labels);
    return described(
      items.map((e) => ({ ...e, weight })),
      `${source.file} (team-written)`,
    );
  }
  if ('pairs' in source) {
    const items = relabel(readPairs(readFileSync(resolve(root, source.pairs), 'utf8'), source.pairs), source.labels);
    return described(
      items.map((e) => ({ ...e, weight })),
      `${source.pairs} (team-written pairs, read with the message)`,
    );
  }
  if ('generator' in source) {
    const items = relabel(
      generate(parse(readFileSync(resolve(root, source.generator), 'utf8')) as Fragments, source.count, seed),
      source.labels,
    );
    return described(
      items.map((e) => ({ ...e, weight })),
      `${source.generator} (generated from team-written fragments, seed ${seed})`,
    );
  }
  const { rows, file } = readCorpus(source.corpus, corporaDir, source.file);
  let items = rows.flatMap((r) =>
    source.labels[r.label] ? [{ text: r.text, label: source.labels[r.label]!, weight }] : [],
  );
  if (source.limit && items.length > source.limit) items = shuffle(items, seededRandom(seed)).slice(0, source.limit);
  return described(items, `${file} (corpus ${source.corpus})`);
}

function relabel(
  items: { text: string; label: string }[],
  labels: Record<string, string> | undefined,
): { text: string; label: string }[] {
  if (!labels) return items;
  return items.flatMap((e) => (labels[e.label] ? [{ ...e, label: labels[e.label]! }] : []));
}

function described(examples: TrainingExample[], what: string): Loaded {
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  const byLabel = [...counts].map(([l, n]) => `${l} ${n}`).join(', ');
  return { examples, description: `${what}: ${examples.length} (${byLabel})` };
}

// ---------------------------------------------------------------------------------------------
// Corpora

interface Row {
  text: string;
  label: string;
}

const CORPORA: Record<CorpusName, { file: string; read: (records: Record<string, string>[]) => Row[] }> = {
  // class 0 hate speech, 1 offensive, 2 neither
  davidson: {
    file: 'davidson-hate-offensive/labeled_data.csv',
    read: (rs) => rs.map((r) => ({ text: r.tweet!, label: r.class! })),
  },
  // sarcastic 0/1 as the author meant it
  isarcasmeval: {
    file: 'isarcasmeval/train.En.csv',
    read: (rs) => rs.map((r) => ({ text: r.tweet!, label: r.sarcastic! })),
  },
  // the author's plain rephrase of a sarcastic tweet: the same content without the sarcasm
  'isarcasmeval-rephrase': {
    file: 'isarcasmeval/train.En.csv',
    read: (rs) =>
      rs
        .filter((r) => r.sarcastic === '1' && r.rephrase?.trim())
        .map((r) => ({ text: r.rephrase!, label: 'rephrase' })),
  },
  // hostility type, multi-label joined by _: "normal" alone is the neutral class
  'mlma-en': {
    file: 'mlma-hate-speech/en_dataset.csv',
    read: (rs) => rs.map((r) => ({ text: r.tweet!, label: mlmaLabel(r.sentiment!) })),
  },
  'mlma-fr': {
    file: 'mlma-hate-speech/fr_dataset.csv',
    read: (rs) => rs.map((r) => ({ text: r.tweet!, label: mlmaLabel(r.sentiment!) })),
  },
  ftr: {
    file: 'ftr-french-racism/FTR_new_labels.csv',
    read: (rs) => rs.map((r) => ({ text: r.tweet!, label: r.label! })),
  },
};

function mlmaLabel(sentiment: string): string {
  const parts = sentiment.split('_');
  if (parts.every((p) => p === 'normal')) return 'normal';
  if (parts.includes('normal')) return 'mixed';
  return parts.some((p) => p === 'offensive' || p === 'abusive' || p === 'hateful' || p === 'disrespectful')
    ? 'hostile'
    : 'other';
}

function readCorpus(name: CorpusName, dir: string, file?: string): { rows: Row[]; file: string } {
  const corpus = CORPORA[name];
  if (!corpus) throw new Error(`unknown corpus '${name}' (known: ${Object.keys(CORPORA).join(', ')})`);
  const path = resolve(dir, file ?? corpus.file);
  if (!existsSync(path))
    throw new Error(`${path}: corpus file not found (set REPLYLINT_CORPORA to the folder of the shared corpora)`);
  // Some files carry bytes that are not UTF-8: decoded with replacement, as their SOURCE.txt says.
  const rows = corpus
    .read(csvRecords(readFileSync(path, 'utf8')))
    .map((r) => ({ ...r, text: withoutTweetFrame(r.text ?? '') }));
  return { rows: rows.filter((r) => r.text.trim()), file: path };
}

/**
 * The parts of a corpus tweet that are not its tone: retweet marks, handles, links and HTML
 * entities. Left in, the model would learn that a handle (which opens every brand reply) reads
 * as an insult, because the insulting tweets of these corpora are mostly replies to someone.
 */
export function withoutTweetFrame(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&#?\w+;/g, ' ')
    .replace(/\bRT\b:?/g, ' ')
    .replace(/[@＠][\p{L}\p{N}_]+:?/gu, ' ')
    .replace(/https?:\/\/\S+|\burl\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** RFC 4180 CSV (quoted fields, doubled quotes, new lines inside quotes) as records by header. */
export function csvRecords(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(field), (field = ''));
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      ((row = []), (field = ''));
    } else field += c;
  }
  if (field || row.length) (row.push(field), rows.push(row));
  const [header, ...body] = rows;
  return body.filter((r) => r.length > 1).map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

// ---------------------------------------------------------------------------------------------
// Generator

export interface Fragments {
  /** Greetings and acknowledgements that can open any reply (neutral). */
  openers: string[];
  /** Neutral endings. */
  closers: string[];
  /** Signatures: ^JL, -Mara... */
  signatures: string[];
  /** The sentence that makes the reply what it is, per label. */
  cores: Record<string, string[]>;
  /** Values for {slot} names in the fragments. */
  slots?: Record<string, string[]>;
  /** Probability that a generated reply is written without accents (French keyboards on phones). */
  no_accents?: number;
  /** How many turns a label gets for one of the others (default 1): most real replies are fine. */
  shares?: Record<string, number>;
}

/**
 * Whole tweets from fragments: a handle, maybe an opener, one core (its label is the tweet's),
 * maybe a closer, maybe a signature; slots filled, now and then a typo, no accents or "1/2".
 * Labels are drawn in turn so that each gets its share, whatever the number of its cores.
 */
export function generate(fragments: Fragments, count: number, seed: number): { text: string; label: string }[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const labels = Object.keys(fragments.cores)
    .sort()
    .flatMap((l) => Array<string>(fragments.shares?.[l] ?? 1).fill(l));
  const out: { text: string; label: string }[] = [];
  for (let i = 0; i < count; i++) {
    const label = labels[i % labels.length]!;
    const parts: string[] = [];
    // The frame of the tweet (handle, opener, closer, signature) is neutral whatever the core:
    // it is also given alone as "none", or the model would learn "Hi Sam" from the cores it opens.
    const frame: string[] = [];
    if (random() < 0.75) parts.push(`@${Math.floor(random() * 900000) + 10000}`);
    if (fragments.openers.length && random() < 0.45) (parts.push(pick(fragments.openers)), frame.push(parts.at(-1)!));
    parts.push(pick(fragments.cores[label]!));
    if (fragments.closers.length && random() < 0.35) (parts.push(pick(fragments.closers)), frame.push(parts.at(-1)!));
    if (fragments.signatures.length && random() < 0.5)
      (parts.push(pick(fragments.signatures)), frame.push(parts.at(-1)!));
    else if (random() < 0.04) parts.push('1/2');
    const vary = (raw: string) => {
      let text = fill(raw, fragments.slots ?? {}, pick);
      if (random() < 0.08) text = typo(text, random);
      if (random() < (fragments.no_accents ?? 0)) text = text.normalize('NFD').replace(/\p{M}+/gu, '');
      if (random() < 0.1) text = text.toLowerCase();
      return text;
    };
    out.push({ text: vary(parts.join(' ')), label });
    if (label !== 'none' && frame.length) out.push({ text: vary(frame.join(' ')), label: 'none' });
  }
  return out;
}

function fill(text: string, slots: Record<string, string[]>, pick: (list: string[]) => string): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (slots[name] ? pick(slots[name]!) : whole));
}

/** Two neighbouring letters of one longer word swapped, as thumbs do. */
function typo(text: string, random: () => number): string {
  const words = [...text.matchAll(/\p{L}{5,}/gu)];
  if (!words.length) return text;
  const w = words[Math.floor(random() * words.length)]!;
  const k = w.index + 1 + Math.floor(random() * (w[0].length - 2));
  return text.slice(0, k) + text[k + 1] + text[k] + text.slice(k + 2);
}

/**
 * What a model of pairs reads (a `pairs` source here; `npm run gate-curve -- --candidate`): the
 * reply, then the message answered with
 * each of its tokens marked as the message's ("#m_parcel"). The marks are hashtags to the
 * tokenizer of src/model (one token each, no character n-grams), so the message's words fall in
 * buckets of their own, apart from the same words in the reply, with the features, tokenizer and
 * trainer of every other model. "Where the person clearly needed more" is in the message:
 * "The pool reopens Monday" answers "when does the pool reopen?", not "stuck outside with my kids".
 * It is a measurement, not a rule field: measured (`npm run gate-curve -- --candidate
 * training/reply-pair-models.json`, docs/quality.md), it did not beat the reply model alone, and
 * a field would let a rule feed message tokens to the shipped models, which never saw any.
 */
export function replyModelText(reply: string, message: string | undefined): string {
  if (!message?.trim()) return reply;
  const marks = tokenize(message).map((t) => `#m_${MARK[t.form] ?? t.form.replace(/[^\p{L}\p{N}_]/gu, '')}`);
  return `${reply}\n${marks.join(' ')}`;
}

/** The tokenizer's forms that are not letters or digits, as hashtag letters. */
const MARK: Record<string, string> = {
  '<user>': 'user',
  '<url>': 'url',
  '<num>': 'num',
  '<sig>': 'sig',
  '<smiley>': 'smiley',
  '?': 'q',
  '??': 'qq',
  '!': 'x',
  '!!': 'xx',
  '?!': 'qx',
  '...': 'dots',
};
