import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from './helpers.js';

/**
 * The browser build, built here and run where a page runs it: a fresh JavaScript context with
 * the web platform's globals only (URL, TextEncoder, TextDecoder, console), no require, no
 * process, no Buffer. Its findings must be the CLI's.
 */
interface Answer {
  findings: { rule: string; file: string }[];
  signals: string[];
}
interface BrowserApi {
  lint(request: unknown): Promise<Answer>;
  rules(): { id: string }[];
}

let outdir: string;
let buildOutput: string;

function pageContext(): { api: BrowserApi; context: vm.Context } {
  const context = vm.createContext({ URL, TextEncoder, TextDecoder, console });
  vm.runInContext(readFileSync(join(outdir, 'replylint.iife.js'), 'utf8'), context, { filename: 'replylint.iife.js' });
  return { api: (context as { replylint: BrowserApi }).replylint, context };
}

/** Answers cross from the page's realm as JSON, as they would from a worker. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('browser build', () => {
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'replylint-browser-'));
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/tools/bundle-browser.js'), '--outdir', outdir], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    buildOutput = r.stdout;
  });

  it('builds an ES module and a classic script, and prints their sizes', () => {
    expect(buildOutput).toMatch(/replylint\.js: \d+ KB, \d+ KB gzipped/);
    expect(buildOutput).toMatch(/replylint\.iife\.js: \d+ KB, \d+ KB gzipped/);
    expect(readFileSync(join(outdir, 'replylint.js'), 'utf8')).toMatch(/export\s*\{/);
  });

  it('lints a draft with no Node built-ins, as the CLI does', async () => {
    const { api, context } = pageContext();
    expect(vm.runInContext('[typeof require, typeof process, typeof Buffer, typeof module].join()', context)).toBe(
      'undefined,undefined,undefined,undefined',
    );
    const draft = 'This is your fault. Read the FAQ before complaining!!!';
    const message = readFileSync(join(ROOT, 'fixtures/messages/late-flight.txt'), 'utf8');
    const answer = plain(await api.lint({ reply: draft, in_reply_to: message }));
    const fromCli = (
      JSON.parse(
        cli(['--format', 'json', '--in-reply-to', 'fixtures/messages/late-flight.txt'], { input: draft }).stdout,
      ) as Answer['findings']
    ).map((d) => ({ ...d, file: '<reply>' }));
    expect(answer.findings).toEqual(fromCli);
    expect(answer.findings.map((f) => f.rule)).toContain('hostile-tone');
    expect(answer.signals).toContain('complaint');
  });

  it('is built with the package and exported as replylint/browser, with its types', async () => {
    const { exports } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, { types: string; default: string }>;
    };
    const entry = exports['./browser']!;
    expect(readFileSync(join(ROOT, entry.types), 'utf8')).toMatch(/export declare function lint\(/);
    const built = (await import(join(ROOT, entry.default))) as BrowserApi;
    const answer = await built.lint({ reply: 'This is your fault.' });
    expect(answer.findings.map((f) => f.rule)).toContain('hostile-tone');
  });

  it('lints French, lists its rules, and refuses a malformed request by field', async () => {
    const { api } = pageContext();
    const fr = plain(await api.lint({ reply: "C'est de votre faute, lisez la FAQ avant de vous plaindre !!!" }));
    expect(fr.findings.map((f) => f.rule)).toContain('hostile-tone');
    expect(api.rules().length).toBeGreaterThan(20);
    await expect(api.lint({ reply: 'hi', lang: 'de' })).rejects.toThrow(/'lang' must be one of/);
  });
});
