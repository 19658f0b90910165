import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin', 'replylint.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would: a separate node process, optional stdin. */
export function cli(
  args: string[],
  options: { input?: string | Buffer; cwd?: string; env?: Record<string, string> } = {},
): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
    timeout: 20000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary folder with the given files (path → content). */
export function tempTree(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'replylint-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** A small valid user rule (existence), for tests of --rules and rulesDirs. */
export function inconvenienceRule(id: string): string {
  return [
    `id: ${id}`,
    'tip: 6',
    'level: error',
    'type: existence',
    'message: "Say what went wrong instead of \'{match}\'."',
    'words: ["any inconvenience"]',
    'examples:',
    '  flag: ["Sorry for any inconvenience."]',
    '  pass: ["Sorry the parcel is late."]',
  ].join('\n');
}

/**
 * A user rule (existence) with the given patterns, written YAML single-quoted so that backslashes
 * stay as written, and its examples (they must hold: user rules' examples are run at load).
 */
export function patternRule(patterns: string[], examples: { flag: string[]; pass: string[] }, id = 'custom'): string {
  const list = (items: string[]) => `[${items.map((e) => JSON.stringify(e)).join(', ')}]`;
  return [
    `id: ${id}`,
    'tip: 1',
    'level: warning',
    'type: existence',
    'message: "Found \'{match}\'."',
    'patterns:',
    ...patterns.map((p) => `  - '${p}'`),
    'examples:',
    `  flag: ${list(examples.flag)}`,
    `  pass: ${list(examples.pass)}`,
    '',
  ].join('\n');
}
