/**
 * npm run bench [-- --runs N] [-- --corpus-mb MB] [-- --peers alex,write-good] [-- --million] [-- --cold-only]: measures,
 * in one run on this machine,
 *  - cold start: median wall time of `echo draft | replylint` (with and without --in-reply-to)
 *    against `node -e 0`, over N interleaved runs (interleaving spreads machine noise evenly);
 *  - the warm per-reply cost: the audit's per-line function in one process, passes after the
 *    first (src/tools/bench-lines.ts), on the standard corpus;
 *  - throughput: `replylint audit` over the corpus on one core and on all cores, the floor
 *    (src/tools/bench-floor.ts: read + parse + one anchor walk per text, a whole process too),
 *    and the same replies through alex and write-good (one process each, one reply at a time, as
 *    audit does); with --corpus-mb, the throughput corpus is the standard one grown with the
 *    generator to that many MB of reply text (the targets are for 50 MB);
 *  - folder linting: FILES generated replies (--folder-files, default 10,000) written as .txt
 *    files in 20 folders and as one JSONL file; `replylint --format json FOLDER` against
 *    `replylint audit FILE --workers 1`, CPU medians of 3 interleaved runs (target: within 1.3×);
 *  - with --million: a generated archive of 1,000,000 replies audited on all cores, with the
 *    process's peak RSS (worker threads included: they share the process).
 * The corpus is src/tools/corpus.ts (seeded generator) plus ../shared/eval when present.
 * Nothing here asserts a time: it prints figures, with the targets beside them.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  createWriteStream,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evalReplies, generateReplies, replyStream, type CorpusReply } from './corpus.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'replylint.js');
const MAIN = join(ROOT, 'dist', 'bundle', 'replylint.js');
const PEER = join(ROOT, 'dist', 'tools', 'bench-peer.js');
const FLOOR = join(ROOT, 'dist', 'tools', 'bench-floor.js');
const LINES = join(ROOT, 'dist', 'tools', 'bench-lines.js');
const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const RUNS = option('--runs', 15);
const GENERATED = option('--generated', 4000);
const MILLION = args.includes('--million') ? option('--million-count', 1_000_000) : 0;
const CORPUS_MB = option('--corpus-mb', 0);
const FOLDER_FILES = option('--folder-files', 10_000);
// alex takes about 2.5 ms a reply: on 50 MB, a quarter of an hour of one core. `--peers write-good` leaves it out.
const PEERS = (args.includes('--peers') ? args[args.indexOf('--peers') + 1]! : 'alex,write-good').split(',');
const CORES = availableParallelism();
// --cold-only: the cold-start table alone (a minute, not several: for iterating on start-up).
const COLD_ONLY = args.includes('--cold-only');
const DRAFT = 'Hi Sam, this is your fault. Read the FAQ before complaining!!!';
// No pattern of the tone rules finds anything here: the tone model is read and scores each sentence.
const CLEAN_DRAFT = 'Hi Sam, sorry the parcel is late. Could you DM us the order number so we can chase it?';
const MESSAGE = 'My order never arrived and nobody answers the phone. Worst shop ever.';

interface Timed {
  ms: number;
  /** CPU time (user + system) of the child and its threads, when the OS tells (Linux); else NaN. */
  cpuMs: number;
  stdout: string;
  stderr: string;
}

/**
 * CPU time of this process's waited-for children, from /proc/self/stat (cutime + cstime, in
 * clock ticks of 10 ms). Wall time is what a user feels, but on a shared, loaded machine it
 * mostly measures the other processes; CPU time is the load-independent figure.
 */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return NaN;
  }
}

/** Runs node with `command`; `stdoutTo` sends stdout to that file instead of into memory. */
function timed(command: string[], input = '', stdoutTo?: string): Timed {
  const out = stdoutTo === undefined ? 'pipe' : openSync(stdoutTo, 'w');
  const cpuBefore = childrenCpuMs();
  const start = performance.now();
  const r = spawnSync(process.execPath, command, {
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['pipe', out, 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (typeof out === 'number') closeSync(out);
  const ms = performance.now() - start;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${command.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, cpuMs: childrenCpuMs() - cpuBefore, stdout: r.stdout ?? '', stderr: r.stderr };
}

/** The CLI in a node that reports its peak RSS (KB) on stderr after the run. */
/** The audit's findings go to FILE.findings.jsonl: a million replies' would not fit in a string. */
function auditWithRss(file: string, workers: number): Timed & { rssMB: number } {
  const wrapper = join(dirname(file), 'audit-rss.mjs');
  writeFileSync(
    wrapper,
    `import { main } from ${JSON.stringify(MAIN)};
    const code = await main(['node', 'replylint', 'audit', ${JSON.stringify(file)}, '--workers', '${workers}', '--no-summary']);
    process.stderr.write('\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n'); process.exitCode = code;`,
  );
  const run = timed([wrapper], '', `${file}.findings.jsonl`);
  const rss = Number(/MAXRSS (\d+)/.exec(run.stderr)?.[1] ?? NaN);
  return { ...run, rssMB: rss / 1024 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function coldStart(dir: string) {
  const message = join(dir, 'message.txt');
  writeFileSync(message, MESSAGE);
  const runs = { node: [] as Timed[], draft: [] as Timed[], context: [] as Timed[], model: [] as Timed[] };
  for (let i = 0; i < RUNS; i++) {
    runs.node.push(timed(['-e', '0']));
    runs.draft.push(timed([BIN], DRAFT));
    runs.context.push(timed([BIN, '--in-reply-to', message], DRAFT));
    runs.model.push(timed([BIN, '--in-reply-to', message], CLEAN_DRAFT));
  }
  // CPU time comes in 10 ms clock ticks: the mean of many runs is exact on average, a median is
  // a tick either way.
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const summary = (list: Timed[]) => ({ ms: median(list.map((t) => t.ms)), cpuMs: mean(list.map((t) => t.cpuMs)) });
  return {
    node: summary(runs.node),
    draft: summary(runs.draft),
    context: summary(runs.context),
    model: summary(runs.model),
  };
}

/**
 * Folder linting against the audit of the same replies: the folder run reads a file per reply
 * (open, stat, read, close), resolves its configuration scope and keeps the report until the end
 * (JSON); the audit streams one JSONL file. Replies without the message they answer, in both.
 */
function folderLinting(dir: string, say: (line?: string) => void): void {
  if (FOLDER_FILES <= 0) return;
  const folder = join(dir, 'folder');
  const lines: string[] = [];
  generateReplies(FOLDER_FILES, 5).forEach((reply, i) => {
    const sub = join(folder, `d${String(i % 20).padStart(2, '0')}`);
    if (i < 20) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `r${String(i).padStart(6, '0')}.txt`), reply.reply);
    lines.push(JSON.stringify({ reply: reply.reply }));
  });
  const file = join(dir, 'folder.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const runs = { folder: [] as Timed[], audit: [] as Timed[] };
  for (let i = 0; i < 3; i++) {
    runs.folder.push(timed([BIN, '--format', 'json', folder], '', join(dir, 'folder.out.json')));
    runs.audit.push(timed([BIN, 'audit', file, '--workers', '1', '--no-summary'], '', join(dir, 'folder.out.jsonl')));
  }
  const cpu = (list: Timed[]) => median(list.map((t) => t.cpuMs)) / 1000;
  const wall = (list: Timed[]) => median(list.map((t) => t.ms)) / 1000;
  say(`| folder linting, ${fmt(FOLDER_FILES)} .txt files in 20 folders (3 interleaved runs) | wall s | CPU s | |`);
  say('| --- | ---: | ---: | --- |');
  say(
    `| \`replylint --format json FOLDER\` | ${fmt(wall(runs.folder), 2)} | ${fmt(cpu(runs.folder), 2)} | ${fmt(cpu(runs.folder) / cpu(runs.audit), 2)}× the audit (CPU; target ≤ 1.3) |`,
  );
  say(
    `| \`replylint audit FILE --workers 1\` (the same replies as JSONL) | ${fmt(wall(runs.audit), 2)} | ${fmt(cpu(runs.audit), 2)} | |`,
  );
}

async function writeJsonl(file: string, replies: Iterable<CorpusReply>): Promise<void> {
  const out = createWriteStream(file);
  for (const reply of replies) if (!out.write(`${JSON.stringify(reply)}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'replylint-bench-'));
  try {
    const evalDir = resolve(ROOT, '..', 'shared', 'eval');
    const corpus = [...generateReplies(GENERATED), ...evalReplies(evalDir)];
    const corpusFile = join(dir, 'corpus.jsonl');
    await writeJsonl(corpusFile, corpus);
    const mbOf = (replies: Iterable<CorpusReply>) => {
      let bytes = 0;
      for (const r of replies) bytes += Buffer.byteLength(r.reply);
      return bytes / 1e6;
    };
    const standardMb = mbOf(corpus);
    // The throughput corpus: the standard one, grown with generated replies (another seed) to CORPUS_MB.
    const bigFile = join(dir, 'big.jsonl');
    let count = corpus.length;
    let mb = standardMb;
    if (CORPUS_MB > standardMb) {
      const grown = corpus.slice();
      let bytes = standardMb * 1e6;
      for (const reply of replyStream(Number.MAX_SAFE_INTEGER, 11)) {
        if (bytes >= CORPUS_MB * 1e6) break;
        grown.push(reply);
        bytes += Buffer.byteLength(reply.reply);
      }
      await writeJsonl(bigFile, grown);
      count = grown.length;
      mb = bytes / 1e6;
    }
    const throughputFile = CORPUS_MB > standardMb ? bigFile : corpusFile;
    const load = () =>
      loadavg()
        .map((l) => fmt(l, 2))
        .join(' ');
    const lines: string[] = [];
    const say = (line = '') => {
      lines.push(line);
      process.stdout.write(`${line}\n`);
    };
    say(
      `replylint bench: node ${process.version}, ${CORES} cores; corpus ${fmt(corpus.length)} replies, ${fmt(standardMb * 1000)} KB of reply text (${fmt(GENERATED)} generated, seed fixed, + ${fmt(corpus.length - GENERATED)} from ${evalDir})`,
    );
    if (throughputFile === bigFile)
      say(
        `throughput corpus: ${fmt(count)} replies, ${fmt(mb, 1)} MB of reply text (the standard corpus + generated replies, seed 11)`,
      );
    say(`load average at start: ${load()} (1, 5, 15 min): other processes share the cores`);
    say();

    const cold = coldStart(dir);
    const coldRow = (name: string, t: { ms: number; cpuMs: number }) =>
      say(
        `| ${name} | ${fmt(t.ms)} | ${fmt(t.ms / cold.node.ms, 2)} | ${fmt(t.cpuMs)} | ${fmt(t.cpuMs / cold.node.cpuMs, 2)} |`,
      );
    say(
      `| cold start (${RUNS} interleaved runs) | median wall ms | × node -e 0 (target ≤ 1.3) | mean CPU ms | CPU × node -e 0 |`,
    );
    say('| --- | ---: | ---: | ---: | ---: |');
    coldRow('`node -e 0`', cold.node);
    coldRow('`echo draft \\| replylint`', cold.draft);
    coldRow('`echo draft \\| replylint --in-reply-to FILE`', cold.context);
    coldRow(
      '`echo clean-draft \\| replylint --in-reply-to FILE` (every sentence scored by the tone model)',
      cold.model,
    );
    say();
    const weights = ['en', 'fr'].map(
      (lang) => `${lang} ${fmt(statSync(join(ROOT, 'models', `tone-${lang}.bin`)).size / 1024)} KB`,
    );
    say(`tone model weights (models/, int8): ${weights.join(', ')} (target ≤ 3 MB per language)`);
    say();
    if (COLD_ONLY) {
      say(`load average at the end: ${load()}`);
      return;
    }

    // Warm: the per-line function in one process, on the standard corpus (start-up and warm-up left out).
    const warmRun = timed([LINES, '--passes', '5', corpusFile]);
    const warmUs = Number(/([\d.]+) us per reply/.exec(warmRun.stdout)?.[1] ?? NaN);
    say(
      '| warm per-reply cost (audit per-line function, one process, CPU, median of the 4 passes after the first) | µs per reply | target |',
    );
    say('| --- | ---: | ---: |');
    say(`| \`npm run bench:lines\` on the standard corpus | ${fmt(warmUs, 1)} | ≤ 40 |`);
    say();

    const one = auditWithRss(throughputFile, 0);
    const floor = timed([FLOOR, throughputFile]);
    const all = auditWithRss(throughputFile, CORES);
    const alex = PEERS.includes('alex') ? timed([PEER, 'alex', throughputFile]) : undefined;
    const writeGood = PEERS.includes('write-good') ? timed([PEER, 'write-good', throughputFile]) : undefined;
    const row = (name: string, t: Timed, note: string) =>
      say(
        `| ${name} | ${fmt(t.ms / 1000, 2)} | ${fmt(count / (t.ms / 1000))} | ${fmt(mb / (t.ms / 1000), 2)} | ${fmt(t.cpuMs / 1000, 2)} | ${fmt((t.cpuMs * 1000) / count, 1)} | ${note} |`,
      );
    const versus = (peer: Timed) => `${fmt(peer.ms / one.ms, 1)}× wall, ${fmt(peer.cpuMs / one.cpuMs, 1)}× CPU`;
    say(
      `| throughput, ${fmt(count)} replies (${fmt(mb, 1)} MB), whole process | wall s | replies/s | MB/s | CPU s | CPU µs/reply | |`,
    );
    say('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
    row(
      'replylint audit, 1 core',
      one,
      `peak RSS ${fmt(one.rssMB)} MB; ${fmt(one.cpuMs / floor.cpuMs, 1)}× the floor (CPU)`,
    );
    row('floor: read + parse + one anchor walk', floor, 'what any engine of this design pays before deciding anything');
    row(
      `replylint audit, ${CORES} cores`,
      all,
      `peak RSS ${fmt(all.rssMB)} MB; ${fmt(one.ms / all.ms, 2)}× one core (wall)`,
    );
    if (alex)
      row('alex 11 (API, per reply)', alex, `replylint 1 core is ${versus(alex)} faster (target ≥ 80 on 50 MB)`);
    if (writeGood)
      row(
        'write-good 1 (API, per reply)',
        writeGood,
        `replylint 1 core is ${versus(writeGood)} faster (target ≥ 10 on 50 MB)`,
      );
    say();
    folderLinting(dir, say);
    say();
    say(`load average at the end: ${load()}`);

    if (MILLION) {
      const big = join(dir, 'million.jsonl');
      await writeJsonl(big, replyStream(MILLION, 7));
      const run = auditWithRss(big, CORES);
      say();
      say(
        `| ${fmt(MILLION)} generated replies, ${CORES} cores | ${fmt(run.ms / 1000, 1)} s | ${fmt(MILLION / (run.ms / 1000))} replies/s | peak RSS ${fmt(run.rssMB)} MB (target < 300) |`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
