/**
 * npm run eval [-- --data DIR] [--set NAME] [--only NAME] [--misses NAME] [--verbose] [--json]
 *
 * Scores every rule and every message signal that a labelled set can judge, on every labelled set
 * it finds: the real brand replies (DIR/real/pairs.jsonl), the replies written to real complaints
 * (DIR/real/written.jsonl), the older dev sets (DIR/replies.jsonl, DIR/politeness.jsonl) and the
 * project's own blind batches (fixtures/eval-en, fixtures/eval-fr, fixtures/eval-real-register). Per set, language and target:
 * precision, recall, F1 and tp/fp/fn/tn. It measures; it has no threshold and never fails on a score.
 *
 * Labels become targets by the mapping of ../shared/eval/real/README.md (see REAL_RULES). Signals
 * are judged on the message, rules on the reply linted with the message as its context, language
 * detected, as a user runs `replylint --in-reply-to`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { AnsweredMessageText } from '../answered/message.js';
import { lintText } from '../lint.js';
import { loadBuiltinRules } from '../rules/builtin.js';
import { PACKAGE_ROOT } from '../core/package.js';
import type { RuleSet } from '../rules/load.js';

type Label = boolean | null;

/** One judged item of any set, in one shape: the message, the reply and a label per target. */
interface Item {
  id: string;
  lang: string;
  message: string | null;
  reply: string;
  /** Lint the reply in this language instead of detecting it (politeness: English requests). */
  forceLang?: 'en' | 'fr';
  /** Target name -> should it hold. Absent or null: not judged on this item. */
  labels: Map<string, Label>;
}

/** How a target is read from a lint run: a rule (or family) in the findings, or a signal of the message. */
type Target = { kind: 'rule'; holds: (found: Diagnostic[]) => boolean } | { kind: 'signal'; signal: string };

const byRule = (id: string): Target => ({ kind: 'rule', holds: (found) => found.some((d) => d.rule === id) });
/** The hostile-tone family at warning level and above: the findings that can fail a run. */
const hostileFamily: Target = {
  kind: 'rule',
  holds: (found) => found.some((d) => d.family === 'hostile-tone' && d.level !== 'suggestion'),
};

const TARGETS: ReadonlyMap<string, Target> = new Map<string, Target>([
  ['missing-investigation', byRule('missing-investigation')],
  ['link-deflection', byRule('link-deflection')],
  ['no-acknowledgement', byRule('no-acknowledgement')],
  ['dead-end-reply', byRule('dead-end-reply')],
  ['deletion-threat', byRule('deletion-threat')],
  ['hostile-tone (family)', hostileFamily],
  ['signal:complaint', { kind: 'signal', signal: 'complaint' }],
  ['signal:question', { kind: 'signal', signal: 'question' }],
  ['signal:distress', { kind: 'signal', signal: 'distress' }],
  ['signal:feedback', { kind: 'signal', signal: 'feedback' }],
]);

/** A record of real/pairs.jsonl or real/written.jsonl (labels by real/GUIDELINE.md). */
interface RealRecord {
  id: string;
  lang: string;
  message: string;
  reply: string;
  [label: string]: unknown;
}

const flag = (v: unknown): boolean => v === true;

/** The label-to-rule mapping of real/README.md: what should fire, from the message and reply labels. */
const REAL_RULES: Record<string, (r: RealRecord) => Label> = {
  'missing-investigation': (r) => flag(r.complaint) && !flag(r.investigates),
  'link-deflection': (r) => flag(r.complaint) && flag(r.link_deflection),
  'no-acknowledgement': (r) => flag(r.complaint) && !flag(r.acknowledges),
  'dead-end-reply': (r) => flag(r.dead_end),
  'hostile-tone (family)': (r) => flag(r.hostile),
  'deletion-threat': (r) => flag(r.threat),
  'signal:complaint': (r) => (typeof r.complaint === 'boolean' ? r.complaint : null),
  'signal:question': (r) => (typeof r.question === 'boolean' ? r.question : null),
  'signal:distress': (r) => (typeof r.distress === 'boolean' ? r.distress : null),
  'signal:feedback': (r) => (typeof r.feedback === 'boolean' ? r.feedback : null),
};

function fromReal(r: RealRecord): Item {
  const labels = new Map<string, Label>(Object.entries(REAL_RULES).map(([target, of]) => [target, of(r)]));
  return { id: r.id, lang: r.lang, message: r.message, reply: r.reply, labels };
}

/** A record of replies.jsonl and of the blind fixtures: labels are already per rule family, 1/0/null. */
interface DevRecord {
  id: string;
  lang: string;
  in_reply_to: string | null;
  reply: string;
  labels: Record<string, 0 | 1 | null>;
}

function fromDev(r: DevRecord): Item {
  const labels = new Map<string, Label>();
  for (const [name, value] of Object.entries(r.labels)) {
    const target =
      name === 'hostile-tone'
        ? 'hostile-tone (family)'
        : TARGETS.has(name)
          ? name
          : TARGETS.has(`signal:${name}`)
            ? `signal:${name}`
            : name;
    labels.set(target, value === null ? null : value === 1);
  }
  return { id: r.id, lang: r.lang, message: r.in_reply_to, reply: r.reply, labels };
}

/** politeness.jsonl: requests, not replies; only the hostile-tone family can be judged on them. */
function fromPoliteness(r: { id: string; text: string; impolite: 0 | 1 }): Item {
  return {
    id: r.id,
    lang: 'en',
    message: null,
    reply: r.text,
    forceLang: 'en',
    labels: new Map([['hostile-tone (family)', r.impolite === 1]]),
  };
}

interface SetSpec {
  name: string;
  file: string;
  read: (record: never) => Item;
}

function readJsonl<T>(file: string): T[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const records: T[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      records.push(JSON.parse(line) as T);
    } catch (error) {
      throw new Error(`${file}:${i + 1}: not valid JSON (${(error as Error).message})`);
    }
  });
  return records;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}
interface Row extends Counts {
  set: string;
  lang: string;
  target: string;
  kind: 'rule' | 'signal';
  precision: number | null;
  recall: number | null;
  f1: number | null;
}
interface Miss {
  set: string;
  target: string;
  kind: 'FP' | 'FN';
  id: string;
  lang: string;
  message: string | null;
  reply: string;
  /** Why it held: the findings' matched words, or the signal's. */
  because: string[];
  /** How the pair was read: the message's signals and the reply's investigation, with their words. */
  readAs: string[];
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

function toRow(set: string, lang: string, target: string, c: Counts): Row {
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  const f1 = ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);
  return { set, lang, target, kind: target.startsWith('signal:') ? 'signal' : 'rule', ...c, precision, recall, f1 };
}

/**
 * How the pair was read, for error analysis of a miss: the message's signals and the reply's
 * `investigation` signal, each with the words that made it hold ("complaint: 'never arrived'").
 */
function readAs(ruleSet: RuleSet, message: AnsweredMessageText | undefined, item: Item): string[] {
  const read: string[] = [];
  if (message)
    for (const signal of ['complaint', 'question', 'distress', 'feedback']) {
      const words = signalWords(ruleSet, message, signal);
      if (words.length) read.push(`message ${signal}: ${words.map((w) => JSON.stringify(w)).join(', ')}`);
    }
  const reply = AnsweredMessageText.fromText(item.reply, ruleSet.signals, item.forceLang);
  const words = signalWords(ruleSet, reply, 'investigation');
  if (words.length) read.push(`reply investigation: ${words.map((w) => JSON.stringify(w)).join(', ')}`);
  return read;
}

/** The words that made a signal hold on a message (empty when it does not). */
function signalWords(ruleSet: RuleSet, message: AnsweredMessageText, signal: string): string[] {
  const compiled = ruleSet.signals.get(message.doc.lang)?.get(signal);
  if (!compiled) return [];
  return compiled.check({ doc: message.doc }).map((m) => message.doc.source.slice(m.span.start, m.span.end));
}

interface SetResult {
  name: string;
  file: string;
  items: number;
  rows: Row[];
  /** Findings of the rules no label judges, per rule: how often they speak on this set. */
  otherRules: Record<string, number>;
}

async function scoreSet(
  spec: SetSpec,
  items: Item[],
  ruleSet: RuleSet,
  options: { only?: string; misses?: string; verbose: boolean },
  misses: Miss[],
): Promise<SetResult> {
  const counts = new Map<string, Counts>();
  const otherRules: Record<string, number> = {};
  const judgedRules = new Set<string>();
  for (const target of TARGETS.keys())
    if (!target.startsWith('signal:')) judgedRules.add(target.replace(' (family)', ''));
  for (const item of items) {
    const judged = [...item.labels].filter(
      ([target, label]) => label !== null && TARGETS.has(target) && (!options.only || target === options.only),
    );
    if (judged.length === 0) continue;
    const needsLint = judged.some(([target]) => TARGETS.get(target)!.kind === 'rule');
    const found = needsLint
      ? await lintText(
          { name: item.id, text: item.reply, lang: item.forceLang, inReplyTo: item.message ?? undefined },
          ruleSet,
        )
      : [];
    if (needsLint) {
      for (const rule of new Set(found.map((d) => d.rule))) {
        const family = found.find((d) => d.rule === rule)!.family;
        if (!judgedRules.has(rule) && !(family === 'hostile-tone')) otherRules[rule] = (otherRules[rule] ?? 0) + 1;
      }
    }
    const message = item.message ? AnsweredMessageText.fromText(item.message, ruleSet.signals) : undefined;
    for (const [target, label] of judged) {
      const how = TARGETS.get(target)!;
      const holds = how.kind === 'rule' ? how.holds(found) : Boolean(message?.has(how.signal));
      const key = `${item.lang}\t${target}`;
      const c = counts.get(key) ?? { tp: 0, fp: 0, fn: 0, tn: 0 };
      if (holds && label) c.tp++;
      else if (holds) c.fp++;
      else if (label) c.fn++;
      else c.tn++;
      counts.set(key, c);
      const listed = options.verbose || options.misses === target;
      if (holds !== label && listed) {
        const because =
          how.kind === 'signal'
            ? message
              ? signalWords(ruleSet, message, how.signal)
              : []
            : found
                .filter((d) => d.rule === target || (target === 'hostile-tone (family)' && d.family === 'hostile-tone'))
                .map((d) => `${d.rule}: ${d.match}`);
        misses.push({
          readAs: readAs(ruleSet, message, item),
          set: spec.name,
          target,
          kind: holds ? 'FP' : 'FN',
          id: item.id,
          lang: item.lang,
          message: item.message,
          reply: item.reply,
          because,
        });
      }
    }
  }
  const rows = [...counts]
    .map(([key, c]) => {
      const [lang, target] = key.split('\t') as [string, string];
      return toRow(spec.name, lang, target, c);
    })
    .sort((a, b) => a.lang.localeCompare(b.lang) || order(a.target) - order(b.target));
  return { name: spec.name, file: spec.file, items: items.length, rows, otherRules };
}

const order = (target: string) => [...TARGETS.keys()].indexOf(target);

/** A target as a user types it: "complaint" for signal:complaint, "hostile-tone" for the family. */
function targetNamed(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  for (const candidate of [name, `signal:${name}`, `${name} (family)`]) if (TARGETS.has(candidate)) return candidate;
  usage(`no rule or signal named ${name} is scored (${[...TARGETS.keys()].join(', ')})`);
}

function parseArgs(argv: string[]) {
  const options = {
    data: undefined as string | undefined,
    set: undefined as string | undefined,
    only: undefined as string | undefined,
    misses: undefined as string | undefined,
    verbose: false,
    json: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) usage(`${arg} needs a value`);
      return next!;
    };
    if (arg === '--data') options.data = value();
    else if (arg === '--set') options.set = value();
    else if (arg === '--only') options.only = value();
    else if (arg === '--misses') options.misses = value();
    else if (arg === '--verbose') options.verbose = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--help' || arg === '-h') usage();
    else if (!arg.startsWith('-') && options.data === undefined) options.data = arg;
    else usage(`unknown option ${arg}`);
  }
  return options;
}

function usage(problem?: string): never {
  const text = `usage: npm run eval -- [--data DIR] [--set NAME] [--only TARGET] [--misses TARGET] [--verbose] [--json]
  --data DIR       folder with real/pairs.jsonl, real/written.jsonl, replies.jsonl, politeness.jsonl
                   (default ../shared/eval, or $REPLYLINT_EVAL_DIR); the project's fixtures/eval-* always run
  --set NAME       only the sets whose name contains NAME (pairs, written, replies, politeness, eval-en, eval-fr, own-real, own-real-2, own-real-3, own-real-4, own-real-5)
  --only TARGET    only one rule or signal (missing-investigation, complaint, hostile-tone (family)...)
  --misses TARGET  list the false positives and negatives of one rule or signal, with the words that made it hold
  --verbose        list every error of every target
  --json           one JSON document: {sets: [{name, file, items, rows, otherRules}], misses}`;
  if (problem) {
    console.error(`eval: ${problem}\n${text}`);
    process.exit(2);
  }
  console.log(text);
  process.exit(0);
}

const fmt = (x: number | null) => (x === null ? '    -' : x.toFixed(2).padStart(5));

function printSet(result: SetResult): void {
  console.log(`\n${result.name}: ${result.file} (${result.items} items)`);
  console.log('lang  target                   precision  recall     F1    tp    fp    fn    tn');
  for (const r of result.rows) {
    const n = (x: number) => String(x).padStart(5);
    console.log(
      `${r.lang.padEnd(4)}  ${r.target.padEnd(23)}  ${fmt(r.precision)}      ${fmt(r.recall)}  ${fmt(r.f1)} ${n(r.tp)} ${n(r.fp)} ${n(r.fn)} ${n(r.tn)}`,
    );
  }
  const others = Object.entries(result.otherRules).sort((a, b) => b[1] - a[1]);
  if (others.length)
    console.log(
      `other rules (no label; replies with a finding): ${others.map(([rule, n]) => `${rule} ${n}`).join(', ')}`,
    );
}

function printMiss(m: Miss): void {
  const oneLine = (s: string) => s.replace(/\s+/gu, ' ').trim();
  console.log(`\n${m.kind} ${m.target} ${m.set}/${m.id} (${m.lang})`);
  if (m.message) console.log(`  message: ${oneLine(m.message)}`);
  console.log(`  reply:   ${oneLine(m.reply)}`);
  if (m.because.length) console.log(`  held on: ${m.because.map((b) => JSON.stringify(oneLine(b))).join(', ')}`);
  for (const line of m.readAs) console.log(`  read:    ${oneLine(line)}`);
}

/** One of our own blind batches in the register of real tweets, labelled by real/GUIDELINE.md. */
function ownBatch(name: string, folder: string): SetSpec {
  return { name, file: join(PACKAGE_ROOT, 'fixtures', folder, 'pairs.jsonl'), read: fromReal as SetSpec['read'] };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const dir = resolve(options.data ?? process.env.REPLYLINT_EVAL_DIR ?? '../shared/eval');
  const specs: SetSpec[] = [
    { name: 'pairs', file: join(dir, 'real', 'pairs.jsonl'), read: fromReal as SetSpec['read'] },
    { name: 'written', file: join(dir, 'real', 'written.jsonl'), read: fromReal as SetSpec['read'] },
    { name: 'replies', file: join(dir, 'replies.jsonl'), read: fromDev as SetSpec['read'] },
    { name: 'politeness', file: join(dir, 'politeness.jsonl'), read: fromPoliteness as SetSpec['read'] },
    {
      name: 'eval-en',
      file: join(PACKAGE_ROOT, 'fixtures', 'eval-en', 'replies.jsonl'),
      read: fromDev as SetSpec['read'],
    },
    {
      name: 'eval-fr',
      file: join(PACKAGE_ROOT, 'fixtures', 'eval-fr', 'replies.jsonl'),
      read: fromDev as SetSpec['read'],
    },
    // Our own blind batch in the register of real tweets, labelled by real/GUIDELINE.md.
    ownBatch('own-real', 'eval-real-register'),
    // A second blind batch, written for the second half of issue 10 and scored before any change.
    ownBatch('own-real-2', 'eval-real-register-2'),
    // A third, written after the changes of the second half of issue 10 and scored once, untuned.
    ownBatch('own-real-3', 'eval-real-register-3'),
    // A fourth, of complaints each answered once by a dead end and once by a complete answer without
    // a question, written for the dead-end-reply gap of issue 10 and scored before any tuning on it.
    ownBatch('own-real-4', 'eval-real-register-4'),
    // A fifth (EN and FR), written for the message-aware dead-end-reply of issue 10 (session 5): the
    // same kind of message answered in full or left at a dead end; scored once before any tuning on it.
    ownBatch('own-real-5', 'eval-real-register-5'),
  ];
  if (!existsSync(dir))
    console.error(
      `eval: no data folder ${dir}: scoring the project's own fixtures only (--data DIR to point elsewhere)`,
    );
  const ruleSet = loadBuiltinRules();
  const results: SetResult[] = [];
  const misses: Miss[] = [];
  for (const spec of specs) {
    if (options.set && !spec.name.includes(options.set)) continue;
    if (!existsSync(spec.file)) {
      if (existsSync(dir) && !options.json) console.log(`\n${spec.name}: (no ${spec.file})`);
      continue;
    }
    let items: Item[];
    try {
      items = readJsonl<never>(spec.file).map(spec.read);
    } catch (error) {
      console.error(`eval: ${(error as Error).message}`);
      process.exit(2);
    }
    const result = await scoreSet(
      spec,
      items,
      ruleSet,
      { only: targetNamed(options.only), misses: targetNamed(options.misses), verbose: options.verbose },
      misses,
    );
    results.push(result);
    if (!options.json) printSet(result);
  }
  if (options.json) {
    console.log(JSON.stringify({ data: dir, sets: results, misses }, null, 1));
    return;
  }
  misses.forEach(printMiss);
}

await main();
