import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cli, ROOT } from './helpers.js';

/** `replylint serve` as an operator starts it: the built binary, on a free loopback port. */
interface Service {
  child: ChildProcess;
  url: string;
  port: number;
  stderr: () => string;
  stop: () => Promise<number | null>;
}

function startService(args: string[] = []): Promise<Service> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url)
        resolve({
          child,
          url,
          port: Number(new URL(url).port),
          stderr: () => stderr,
          stop: () =>
            new Promise((done) =>
              child.exitCode !== null
                ? done(child.exitCode)
                : (child.once('exit', (code) => done(code)), child.kill('SIGTERM')),
            ),
        });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

const post = (service: Service, body: unknown) =>
  fetch(`${service.url}/v1/lint`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** Sends raw bytes over TCP and returns what the server answers before it closes (or `waitMs` passes). */
function rawExchange(port: number, chunks: (string | Buffer)[], waitMs = 8000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.on('connect', () => chunks.forEach((c) => socket.write(c)));
    setTimeout(() => (socket.destroy(), resolve(answer)), waitMs);
  });
}

const COMPLAINT = readFileSync(join(ROOT, 'fixtures/messages/late-flight.txt'), 'utf8');
const DRAFT = 'This is your fault. Read the FAQ before complaining!!!';
const SECRET_REPLY = 'Kindly note our zebra-crossing policy number 4417.';

describe('replylint serve', () => {
  let service: Service;
  beforeAll(async () => {
    service = await startService(['--max-body', '4096', '--timeout', '1500']);
  });
  afterAll(async () => {
    expect(await service.stop()).toBe(0);
  });

  it('answers the health check', async () => {
    const res = await fetch(`${service.url}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; rules: number };
    expect(body.status).toBe('ok');
    expect(body.rules).toBeGreaterThan(10);
  });

  it('returns the findings of the JSON output, and the signals of the message answered', async () => {
    const res = await post(service, { reply: DRAFT, in_reply_to: COMPLAINT });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const answer = (await res.json()) as { findings: Record<string, unknown>[]; signals: string[] };
    const fromCli = cli(['--format', 'json', '--in-reply-to', 'fixtures/messages/late-flight.txt'], { input: DRAFT });
    const expected = (JSON.parse(fromCli.stdout) as Record<string, unknown>[]).map((d) => ({ ...d, file: '<reply>' }));
    expect(answer.findings).toEqual(expected);
    expect(answer.findings.map((f) => f.rule)).toContain('hostile-tone');
    expect(answer.signals).toContain('complaint');
  });

  it('lints without a message (no signals), with a forced language and request settings', async () => {
    const plain = (await (await post(service, { reply: 'Merci, we fixed it.' })).json()) as { signals: string[] };
    expect(plain.signals).toEqual([]);
    const shouting = {
      reply: 'Good news: ROCKET BOX ULTRA ships today.',
      settings: { vocabulary: ['ROCKET BOX ULTRA'] },
    };
    const withVocabulary = (await (await post(service, shouting)).json()) as { findings: { match: string }[] };
    const without = (await (await post(service, { reply: shouting.reply })).json()) as {
      findings: { match: string }[];
    };
    expect(without.findings.map((f) => f.match)).toContain('ROCKET BOX ULTRA');
    expect(withVocabulary.findings.map((f) => f.match)).not.toContain('ROCKET BOX ULTRA');
    const fr = (await (await post(service, { reply: "C'est de votre faute, lisez la FAQ.", lang: 'fr' })).json()) as {
      findings: { rule: string }[];
    };
    expect(fr.findings.map((f) => f.rule)).toContain('hostile-tone');
  });

  it('reads the times of the message and the reply (sent now unless the request says)', async () => {
    const reply = 'Sorry to hear that! Could you DM us your order number?';
    const rulesOf = async (body: unknown) =>
      ((await (await post(service, body)).json()) as { findings: { rule: string }[] }).findings.map((f) => f.rule);
    expect(await rulesOf({ reply, received_at: '2024-05-01T09:00:00Z', sent_at: '2024-05-01T10:30:00Z' })).toContain(
      'slow-response',
    );
    expect(
      await rulesOf({
        reply,
        received_at: '2024-05-01T09:00:00Z',
        sent_at: '2024-05-01T10:30:00Z',
        settings: { responseTargetMinutes: 120 },
      }),
    ).not.toContain('slow-response');
    expect(await rulesOf({ reply, received_at: '2024-05-01T09:00:00Z' })).toContain('slow-response');
    expect(await rulesOf({ reply, received_at: new Date().toISOString() })).not.toContain('slow-response');
  });

  it('answers bad requests with 400 and a JSON error that says what is wrong', async () => {
    const cases: [unknown, RegExp][] = [
      ['{"reply": "hi",', /not valid JSON/],
      ['[1, 2]', /must be a JSON object/],
      ['null', /must be a JSON object/],
      [{ text: 'hi' }, /unknown field 'text'/],
      [{ reply: 42 }, /'reply' is required/],
      [{ reply: 'hi', lang: 'de' }, /'lang' must be one of: en, fr/],
      [{ reply: 'hi', settings: { mode: 'final' } }, /'settings.mode'/],
      [{ reply: 'hi', settings: { brand: { voice: 'you' } } }, /'settings.brand.voice'/],
      [{ reply: 'hi', received_at: 'yesterday' }, /'received_at' must be a date/],
    ];
    for (const [body, error] of cases) {
      const res = await post(service, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(error);
    }
    const notUtf8 = await fetch(`${service.url}/v1/lint`, {
      method: 'POST',
      body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(notUtf8.status).toBe(400);
    expect(((await notUtf8.json()) as { error: string }).error).toMatch(/UTF-8/);
  });

  it('answers a wrong method with 405 (and Allow) and an unknown path with 404', async () => {
    const get = await fetch(`${service.url}/v1/lint`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(((await get.json()) as { error: string }).error).toMatch(/use POST/);
    const missing = await fetch(`${service.url}/v2/lint`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    expect((await fetch(`${service.url}/healthz`, { method: 'DELETE' })).status).toBe(405);
  });

  it('refuses a body over --max-body with 413, declared or streamed', async () => {
    const big = JSON.stringify({ reply: 'a'.repeat(10_000) });
    const declared = await post(service, big);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: string }).error).toMatch(/too large/);
    // Chunked, without a length: refused once the limit is passed.
    const chunked = await rawExchange(service.port, [
      'POST /v1/lint HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n',
      `2710\r\n${'b'.repeat(10_000)}\r\n`,
    ]);
    expect(chunked).toMatch(/^HTTP\/1\.1 413/);
  });

  it('answers a client that stops sending with 408, and keeps serving others meanwhile', async () => {
    const stalled = rawExchange(service.port, [
      'POST /v1/lint HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"reply": "He',
    ]);
    const meanwhile = await post(service, { reply: DRAFT });
    expect(meanwhile.status).toBe(200);
    expect(await stalled).toMatch(/^HTTP\/1\.1 408/);
  });

  it('stays up after garbage on the socket', async () => {
    expect(await rawExchange(service.port, [Buffer.from([0, 1, 2, 255, 13, 10, 13, 10])])).toMatch(/^HTTP\/1\.1 400/);
    expect(
      await rawExchange(service.port, ['GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n']),
    ).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });

  it('answers concurrent requests, each with its own findings', async () => {
    const replies = Array.from({ length: 64 }, (_, i) =>
      i % 2 === 0 ? `Reply ${i}: this is your fault.` : `Reply ${i}: thanks, we are on it and will write back today.`,
    );
    const answers = await Promise.all(
      replies.map(
        async (reply) =>
          (await (await post(service, { reply })).json()) as { findings: { rule: string; match: string }[] },
      ),
    );
    answers.forEach((answer, i) => {
      expect(
        answer.findings.some((f) => f.rule === 'hostile-tone'),
        replies[i],
      ).toBe(i % 2 === 0);
    });
  });

  it('never logs the text of a reply unless asked', async () => {
    await post(service, { reply: SECRET_REPLY, in_reply_to: 'zebra question' });
    await new Promise((r) => setTimeout(r, 100));
    const log = service.stderr();
    expect(log).toMatch(/"path":"\/v1\/lint","bytes":\d+,"findings":\d+,"status":200/);
    expect(log).not.toContain('zebra');
  });
});

describe('replylint serve --log-text', () => {
  it('logs the text when the operator asks', async () => {
    const service = await startService(['--log-text']);
    try {
      await post(service, { reply: SECRET_REPLY });
      await new Promise((r) => setTimeout(r, 100));
      expect(service.stderr()).toContain('zebra-crossing');
    } finally {
      await service.stop();
    }
  });

  it('refuses a bad option or an invalid configuration with exit 2', () => {
    expect(cli(['serve', '--port', '70000']).code).toBe(2);
    const r = cli(['serve', '--port', '0', '--config', 'no/such/file.yml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no/such/file.yml');
  });
});
