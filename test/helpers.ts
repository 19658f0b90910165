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
  /** The signal that ended the run (the time-out's SIGTERM when it hung), else null. */
  signal: NodeJS.Signals | null;
}

/**
 * Runs the built CLI as a user would: a separate node process, optional stdin. `timeout` is a
 * hang guard (20 s unless told), never a speed claim.
 */
export function cli(
  args: string[],
  options: { input?: string | Buffer; cwd?: string; env?: Record<string, string>; timeout?: number } = {},
): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
    timeout: options.timeout ?? 20000,
    maxBuffer: 512 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, signal: result.signal };
}

/** The fields of a finding in the JSON and audit outputs, in their documented order. */
export const FINDING_KEYS = [
  'rule',
  'family',
  'tip',
  'level',
  'message',
  'suggestion',
  'line',
  'column',
  'endLine',
  'endColumn',
  'offset',
  'length',
  'match',
];

/** A user substitution rule "stiff" (as per → following), offering a fix; `swaps` adds lines to its swap map. */
export function stiffRule(swaps: string[] = []): string {
  return [
    'id: stiff',
    'tip: 4',
    'level: warning',
    'type: substitution',
    "message: \"'{match}' is stiff: say '{replacement}'.\"",
    'swap:',
    '  as per: following',
    ...swaps.map((swap) => `  ${swap}`),
    'examples:',
    '  flag: ["As per our policy, no."]',
    '  pass: ["Following our policy."]',
    '',
  ].join('\n');
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

/**
 * Runs the CLI with one custom classifier rule whose `model` is `model` (e.g. a weight file that
 * is not there), on a draft the rule would read: for the "missing weight file" errors.
 */
export function lintWithModelRule(model: string): ReturnType<typeof cli> {
  const dir = tempTree({
    'rules/en/tone-custom.yml': [
      'id: tone-custom',
      'tip: 1',
      'level: warning',
      'type: classifier',
      `model: ${model}`,
      'labels: [blame]',
      'message: "Reads as {kind} ({score})."',
      'examples:',
      '  flag: ["You must have typed the wrong address."]',
      '  pass: ["Thanks!"]',
    ].join('\n'),
  });
  return cli(['--rules', `${dir}/rules`, '--rule', 'tone-custom'], {
    input: 'You must have typed the wrong address, clearly.',
  });
}
