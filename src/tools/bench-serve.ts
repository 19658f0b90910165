/**
 * npm run bench:serve [-- --requests N] [-- --seconds S]: a load test of `replylint serve` on
 * loopback. Starts the built service on a free 127.0.0.1 port, then, at 1, 8 and 64 concurrent
 * clients (keep-alive connections, one request in flight each), sends generated drafts with the
 * message they answer (src/tools/corpus.ts, seeded) until N requests are answered or S seconds
 * pass, whichever comes first; prints throughput and p50/p99 latency, then stops the service.
 * It never leaves loopback and always ends by itself. Nothing here asserts a time.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateReplies } from './corpus.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const REQUESTS = option('--requests', 3000);
const SECONDS = option('--seconds', 10);
const LEVELS = [1, 8, 64];

const bodies = generateReplies(500).map((r) =>
  JSON.stringify({ reply: r.reply, ...(r.in_reply_to ? { in_reply_to: r.in_reply_to } : {}) }),
);

function startService(): Promise<{ port: number; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/replylint.js'), 'serve', '--host', '127.0.0.1', '--port', '0'],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)?.[1];
      if (port) {
        // From here on the request log is not kept: it would only grow.
        child.stderr!.off('data', onData).resume();
        resolve({ port: Number(port), stop: () => child.kill('SIGTERM') });
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`replylint serve exited (${code}): ${stderr}`)));
  });
}

function post(port: number, agent: Agent, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/lint',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve(res.statusCode) : reject(new Error(`status ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function level(
  port: number,
  clients: number,
  maxRequests = REQUESTS,
  maxSeconds = SECONDS,
): Promise<{ count: number; seconds: number; latencies: number[] }> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + maxSeconds * 1000;
  let next = 0;
  const client = async () => {
    while (next < maxRequests && performance.now() < deadline) {
      const body = bodies[next++ % bodies.length]!;
      const sent = performance.now();
      await post(port, agent, body);
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return { count: latencies.length, seconds, latencies: latencies.sort((a, b) => a - b) };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const service = await startService();
try {
  // One pass so that the service's code is optimised before anything is measured.
  await level(service.port, 4, 500, 5);
  process.stdout.write(
    `replylint serve on loopback: up to ${REQUESTS} requests or ${SECONDS} s per level; ${availableParallelism()} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  process.stdout.write('clients  requests  seconds  req/s    p50 ms  p99 ms\n');
  for (const clients of LEVELS) {
    const { count, seconds, latencies } = await level(service.port, clients);
    const row = [
      String(clients).padEnd(8),
      String(count).padEnd(9),
      seconds.toFixed(1).padEnd(8),
      (count / seconds).toFixed(0).padEnd(8),
      percentile(latencies, 50).toFixed(1).padEnd(7),
      percentile(latencies, 99).toFixed(1),
    ];
    process.stdout.write(`${row.join(' ')}\n`);
  }
  process.stdout.write(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
} finally {
  service.stop();
}
