import { Option, type Command } from 'commander';
import { LANGS, type Lang } from '../lang/detect.js';
import { UsageError } from '../core/errors.js';
import { withRuleSelection } from '../core/command-options.js';

export interface ServeCommandOptions {
  host: string;
  port: string;
  maxBody: string;
  timeout: string;
  logText?: boolean;
  config?: string;
  rules: string[];
  rule: string[];
  disable: string[];
  lang?: Lang;
}

function wholeNumber(value: string, option: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${option} takes a whole number from ${min} to ${max}`);
  return n;
}

/** Registers `replylint serve`; node:http and the server load only when it runs. */
export function registerServeCommand(program: Command): void {
  withRuleSelection(
    program
      .command('serve')
      .description('an HTTP JSON service for help desks: POST /v1/lint {reply, in_reply_to}, GET /healthz')
      .option('--host <address>', 'address to listen on (0.0.0.0: every interface, e.g. in a container)', '127.0.0.1')
      .option('--port <n>', 'port to listen on (0: any free port)', '8080')
      .option('--max-body <bytes>', 'largest request body accepted (413 beyond)', String(64 * 1024))
      .option('--timeout <ms>', 'time allowed to receive a whole request (408 beyond)', '10000')
      .option('--log-text', 'also log the text of replies and messages (off: only method, path, status, time, sizes)')
      .option('-c, --config <file>', 'use this configuration file instead of looking for one from the current folder'),
  )
    .addOption(
      new Option('--lang <lang>', 'language of the replies when a request does not say (default: detected)').choices(
        LANGS,
      ),
    )
    .action(async (options: ServeCommandOptions) => {
      process.exitCode = await serveCommand(options);
    });
}

export async function serveCommand(options: ServeCommandOptions): Promise<number> {
  const port = wholeNumber(options.port, '--port', 0, 65535);
  const maxBytes = wholeNumber(options.maxBody, '--max-body', 1);
  const timeoutMs = wholeNumber(options.timeout, '--timeout', 1);
  const { startServer } = await import('./server.js');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const running = await startServer({
    host: options.host,
    port,
    maxBytes,
    timeoutMs,
    logText: options.logText === true,
    log,
    config: options.config,
    rulesDirs: options.rules,
    only: options.rule,
    disabled: options.disable,
    lang: options.lang,
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code && /^E[A-Z]+$/.test(error.code))
      throw new UsageError(`cannot listen on ${options.host}:${port}: ${error.code}`);
    throw error;
  });
  log(`replylint serve: listening on ${running.url} (POST /v1/lint, GET /healthz)`);
  // Kubernetes and docker stop a container with SIGTERM: finish the requests in flight, then exit.
  const stop = () => void running.close().then(() => log('replylint serve: stopped'));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return 0;
}
