import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempTree } from './helpers.js';

const EVAL = join(ROOT, 'dist', 'tools', 'eval.js');

function runEval(args: string[]) {
  const r = spawnSync(process.execPath, [EVAL, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Our own lines, in the format of ../shared/eval/real/pairs.jsonl.
const pair = (id: string, message: string, reply: string, labels: Record<string, boolean>) =>
  JSON.stringify({
    id,
    lang: 'en',
    message,
    reply,
    complaint: false,
    question: false,
    distress: false,
    investigates: false,
    acknowledges: false,
    link_deflection: null,
    hostile: false,
    threat: false,
    dead_end: false,
    ...labels,
  });

describe('npm run eval', () => {
  const dir = tempTree({
    'real/pairs.jsonl': [
      pair('a', 'My order never arrived and nobody answers the phone.', 'We apologise for any inconvenience.', {
        complaint: true,
        acknowledges: true,
        dead_end: true,
      }),
      pair(
        'b',
        'My order never arrived and nobody answers the phone.',
        'So sorry! Could you DM us your order number so we can check?',
        { complaint: true, investigates: true, acknowledges: true },
      ),
      pair('c', 'Do you ship to Canada?', 'Yes, we ship to Canada.', { question: true }),
    ].join('\n'),
  });

  it('maps the real labels to the rules and counts every judged pair once', () => {
    const r = runEval(['--data', dir, '--set', 'pairs', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const rows = out.sets[0].rows as { target: string; tp: number; fp: number; fn: number; tn: number }[];
    for (const row of rows) expect(row.tp + row.fp + row.fn + row.tn).toBe(3);
    // missing-investigation = complaint && !investigates: only pair a should fire.
    const mi = rows.find((row) => row.target === 'missing-investigation')!;
    expect(mi.tp + mi.fn).toBe(1);
    const complaint = rows.find((row) => row.target === 'signal:complaint')!;
    expect(complaint.tp + complaint.fn).toBe(2);
  });

  it('lists the errors of one target with --misses', () => {
    const r = runEval(['--data', dir, '--set', 'pairs', '--misses', 'signal:question']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('signal:question');
  });

  it('says when the data folder is missing and scores the fixtures', () => {
    const r = runEval(['--data', join(dir, 'nowhere'), '--set', 'eval-en']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no data folder');
    expect(r.stdout).toContain('eval-en');
    expect(r.stdout).toMatch(/missing-investigation/);
  });

  it('rejects an unknown option as a usage error', () => {
    expect(runEval(['--bogus']).code).toBe(2);
  });
});
