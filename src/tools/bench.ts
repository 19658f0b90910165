/**
 * npm run bench [-- --runs N] [-- --million]: measures, in one run on this machine,
 *  - cold start: median wall time of `echo draft | replylint` (with and without --in-reply-to)
 *    against `node -e 0`, over N interleaved runs (interleaving spreads machine noise evenly);
 *  - throughput: `replylint audit` over the corpus on one core and on all cores, and the same
 *    replies through alex and write-good (one process each, one reply at a time, as audit does);
 *  - with --million: a generated archive of 1,000,000 replies audited on all cores, with the
 *    process's peak RSS (worker threads included: they share the process).
 * The corpus is src/tools/corpus.ts (seeded generator) plus ../shared/eval when present.
 * Nothing here asserts a time: it prints figures, with the targets beside them.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evalReplies, generateReplies, replyStream, type CorpusReply } from './corpus.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'replylint.js');
const MAIN = join(ROOT, 'dist', 'bundle', 'replylint.js');
const PEER = join(ROOT, 'dist', 'tools', 'bench-peer.js');
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const RUNS = option('--runs', 15);
const GENERATED = option('--generated', 4000);
const MILLION = args.includes('--million') ? option('--million-count', 1_000_000) : 0;
const CORES = availableParallelism();
const DRAFT = 'Hi Sam, this is your fault. Read the FAQ before complaining!!!';
const MESSAGE = 'My order never arrived and nobody answers the phone. Worst shop ever.';

interface Timed {
  ms: number;
  stdout: string;
  stderr: string;
}

function timed(command: string[], input = ''): Timed {
  const start = performance.now();
  const r = spawnSync(process.execPath, command, { input, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - start;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${command.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI in a node that reports its peak RSS (KB) on stderr after the run. */
function auditWithRss(file: string, workers: number): Timed & { rssMB: number } {
  const wrapper = join(dirname(file), 'audit-rss.mjs');
  writeFileSync(wrapper, `import { main } from ${JSON.stringify(MAIN)};
    const code = await main(['node', 'replylint', 'audit', ${JSON.stringify(file)}, '--workers', '${workers}', '--no-summary']);
    process.stderr.write('\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n'); process.exitCode = code;`);
  const run = timed([wrapper]);
  const rss = Number(/MAXRSS (\d+)/.exec(run.stderr)?.[1] ?? NaN);
  return { ...run, rssMB: rss / 1024 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function coldStart(dir: string) {
  const message = join(dir, 'message.txt');
  writeFileSync(message, MESSAGE);
  const samples = { node: [] as number[], draft: [] as number[], context: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    samples.node.push(timed(['-e', '0']).ms);
    samples.draft.push(timed([BIN], DRAFT).ms);
    samples.context.push(timed([BIN, '--in-reply-to', message], DRAFT).ms);
  }
  return { node: median(samples.node), draft: median(samples.draft), context: median(samples.context) };
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
    const mb = corpus.reduce((n, r) => n + Buffer.byteLength(r.reply), 0) / 1e6;
    const lines: string[] = [];
    const say = (line = '') => {
      lines.push(line);
      process.stdout.write(`${line}\n`);
    };
    say(`replylint bench: node ${process.version}, ${CORES} cores; corpus ${fmt(corpus.length)} replies, ${fmt(mb * 1000)} KB of reply text (${fmt(GENERATED)} generated, seed fixed, + ${fmt(corpus.length - GENERATED)} from ${evalDir})`);
    say();

    const cold = coldStart(dir);
    say(`| cold start (median of ${RUNS}) | ms | × node -e 0 | target |`);
    say('| --- | ---: | ---: | --- |');
    say(`| \`node -e 0\` | ${fmt(cold.node)} | 1.00 | |`);
    say(`| \`echo draft \\| replylint\` | ${fmt(cold.draft)} | ${fmt(cold.draft / cold.node, 2)} | ≤ 1.5 |`);
    say(`| \`echo draft \\| replylint --in-reply-to FILE\` | ${fmt(cold.context)} | ${fmt(cold.context / cold.node, 2)} | ≤ 1.5 |`);
    say();

    const one = auditWithRss(corpusFile, 0);
    const all = auditWithRss(corpusFile, CORES);
    const alex = timed([PEER, 'alex', corpusFile]);
    const writeGood = timed([PEER, 'write-good', corpusFile]);
    const row = (name: string, ms: number, note: string) =>
      say(`| ${name} | ${fmt(ms / 1000, 2)} | ${fmt(corpus.length / (ms / 1000))} | ${fmt(mb / (ms / 1000), 2)} | ${note} |`);
    say('| throughput (whole process) | s | replies/s | MB/s | |');
    say('| --- | ---: | ---: | ---: | --- |');
    row('replylint audit, 1 core', one.ms, `peak RSS ${fmt(one.rssMB)} MB; ${fmt(alex.ms / one.ms, 1)}× alex (target ≥ 25), ${fmt(writeGood.ms / one.ms, 1)}× write-good (target ≥ 5)`);
    row(`replylint audit, ${CORES} cores`, all.ms, `peak RSS ${fmt(all.rssMB)} MB; ${fmt(one.ms / all.ms, 2)}× one core`);
    row('alex 11 (API, per reply)', alex.ms, '');
    row('write-good 1 (API, per reply)', writeGood.ms, '');

    if (MILLION) {
      const big = join(dir, 'million.jsonl');
      await writeJsonl(big, replyStream(MILLION, 7));
      const run = auditWithRss(big, CORES);
      say();
      say(`| ${fmt(MILLION)} generated replies, ${CORES} cores | ${fmt(run.ms / 1000, 1)} s | ${fmt(MILLION / (run.ms / 1000))} replies/s | peak RSS ${fmt(run.rssMB)} MB (target < 300) |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
