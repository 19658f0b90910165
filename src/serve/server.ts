import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlanChoices } from '../run/plan.js';
import { BadRequest, LintService, readLintBody } from './service.js';

/**
 * `replylint serve`: the pre-send check over HTTP, on node:http. One JSON route and a health
 * check; everything a client can send wrong is answered with a status and a JSON error, never
 * with a crash. The reply's text is not logged unless the operator asks (--log-text): replies
 * are personal data.
 */
export interface ServeOptions extends PlanChoices {
  host: string;
  port: number;
  /** Largest request body accepted, in bytes (413 beyond). */
  maxBytes: number;
  /** Time allowed to receive a whole request, in milliseconds (408 beyond). */
  timeoutMs: number;
  logText: boolean;
  /** Where the one-line request log goes (stderr). */
  log: (line: string) => void;
}

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const VERSION_PATH = '/v1/lint';
const ROUTES: Record<string, string[]> = { [VERSION_PATH]: ['POST'], '/healthz': ['GET', 'HEAD'] };

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

/** The whole body, or an HttpError: 413 past maxBytes (read no further), 408 when it takes too long. */
function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > maxBytes)
      return reject(new HttpError(413, `request body too large: ${declared} bytes (limit ${maxBytes})`));
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => fail(new HttpError(408, `request not received within ${timeoutMs} ms`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      reject(error);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return fail(new HttpError(413, `request body too large: over ${maxBytes} bytes`));
      chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    req.on('error', fail);
  });
}

function parseJson(bytes: Buffer): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BadRequest('the body is not UTF-8 text');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequest(`the body is not valid JSON: ${(error as Error).message}`);
  }
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const service = await LintService.start(options);
  const started = Date.now();

  const handle = async (req: IncomingMessage, res: ServerResponse, record: Record<string, unknown>) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const methods = ROUTES[path];
    if (!methods) return send(res, 404, { error: `no such path: ${path} (use POST ${VERSION_PATH} or GET /healthz)` });
    if (!methods.includes(req.method ?? ''))
      return send(
        res,
        405,
        { error: `${req.method} not allowed on ${path} (use ${methods[0]})` },
        { allow: methods.join(', ') },
      );
    if (path === '/healthz')
      return send(res, 200, {
        status: 'ok',
        rules: service.ruleCount,
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
      });
    const bytes = await readBody(req, options.maxBytes, options.timeoutMs);
    record.bytes = bytes.length;
    const body = readLintBody(parseJson(bytes));
    if (options.logText) Object.assign(record, { reply: body.reply, in_reply_to: body.in_reply_to });
    const answer = await service.lint(body);
    record.findings = answer.findings.length;
    send(res, 200, answer);
  };

  // Slow clients: headers and the whole request must arrive in time (Node answers 408 itself
  // while headers are still coming, checking every connection each second); idle keep-alive
  // connections are closed after 5 s.
  const limits = {
    requestTimeout: options.timeoutMs,
    headersTimeout: options.timeoutMs,
    keepAliveTimeout: 5000,
    connectionsCheckingInterval: Math.min(1000, options.timeoutMs),
  };
  const server = createServer(limits, (req, res) => {
    const start = performance.now();
    const record: Record<string, unknown> = { method: req.method, path: req.url?.split('?')[0] };
    res.on('finish', () => {
      record.status = res.statusCode;
      record.ms = Math.round((performance.now() - start) * 10) / 10;
      options.log(JSON.stringify({ time: new Date().toISOString(), ...record }));
    });
    handle(req, res, record).catch((error: unknown) => {
      if (error instanceof HttpError) {
        // The rest of the body is not read: the connection is closed once the answer is out.
        send(res, error.status, { error: error.message }, { connection: 'close' });
      } else if (error instanceof BadRequest) {
        send(res, 400, { error: error.message });
      } else {
        record.error = (error as Error)?.message ?? String(error);
        send(res, 500, { error: 'internal error (the service log has the detail)' });
      }
    });
  });
  server.on('clientError', (error, socket) => {
    if (socket.writable)
      socket.end(
        'HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-type: application/json\r\n\r\n{"error":"malformed HTTP request"}\n',
      );
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
