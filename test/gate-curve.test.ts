import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempTree } from './helpers.js';

const CURVE = join(ROOT, 'dist', 'tools', 'gate-curve.js');

function runCurve(args: string[]) {
  const r = spawnSync(process.execPath, [CURVE, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Our own lines, in the format of ../shared/eval/real/pairs.jsonl.
const pair = (id: string, message: string, reply: string, deadEnd: boolean) =>
  JSON.stringify({ id, lang: 'en', message, reply, complaint: true, question: false, dead_end: deadEnd });

const complaint = 'My order never arrived and nobody answers the phone.';
const dir = tempTree({
  'real/pairs.jsonl': [
    pair('a', complaint, 'We apologise for any inconvenience.', true),
    pair('b', complaint, 'So sorry! Could you DM us your order number so we can check?', false),
    pair('c', complaint, 'Orders are sent by standard post.', false),
  ].join('\n'),
});

describe('npm run gate-curve', () => {
  it('reads each pair once: its label, whether the patterns find it, the model probability', () => {
    const r = runCurve(['--data', dir, '--set', 'pairs', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout).pairs as { truth: boolean; patterns: boolean; p: number }[];
    expect(rows.map((row) => row.truth)).toEqual([true, false, false]);
    // A question is a next step: the patterns pass b; a and c have none.
    expect(rows.map((row) => row.patterns)).toEqual([true, false, true]);
    for (const row of rows) expect(row.p).toBeGreaterThanOrEqual(0);
    for (const row of rows) expect(row.p).toBeLessThanOrEqual(1);
  });

  it('prints the patterns alone, the sweep and the best precision at the recall asked', () => {
    const r = runCurve(['--data', dir, '--set', 'pairs', '--recall', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pairs en: 3 replies, 1 labelled dead_end');
    // Patterns alone: a (a dead end) and c (not one) are found, b is not.
    expect(r.stdout).toContain('patterns alone (gate lifted): P 0.50 R 1.00 (1/1/0)');
    expect(r.stdout).toMatch(/best precision at recall >= 1: patterns \+ model P /);
  });

  it('trains a candidate spec in memory and scores with it, the message beside the reply', () => {
    const data = tempTree({
      'pairs.jsonl': [
        pair('p1', complaint, 'We apologise for any inconvenience.', true),
        pair('p2', complaint, 'Sorry! We are sending a new one today, tracking to follow.', false),
      ].join('\n'),
    });
    const spec = tempTree({
      'spec.json': JSON.stringify({
        models: [
          {
            name: 'candidate',
            lang: 'en',
            labels: ['none', 'dead-end'],
            features: { buckets: 1024, bigrams: true, charGrams: 0 },
            epochs: 2,
            rate: 0.3,
            l2: 0.0001,
            seed: 1,
            data: [{ pairs: join(data, 'pairs.jsonl') }],
          },
        ],
      }),
    });
    const r = runCurve(['--data', dir, '--set', 'pairs', '--json', '--candidate', join(spec, 'spec.json')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('candidate candidate-en: trained in memory on 2 examples');
    const rows = JSON.parse(r.stdout).pairs as { p: number }[];
    expect(rows).toHaveLength(3);
    // Trained on a as a dead end: a scores above b.
    expect(rows[0]!.p).toBeGreaterThan(rows[1]!.p);
  });

  it('names a candidate spec it cannot read, and an unknown option, as usage errors', () => {
    const missing = runCurve(['--data', dir, '--candidate', join(dir, 'nosuch.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('gate-curve: --candidate');
    expect(missing.stderr).toContain('nosuch.json');
    const unknown = runCurve(['--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown option --bogus');
  });

  it('refuses a rule that no set labels', () => {
    const r = runCurve(['--rule', 'no-acknowledgement', '--data', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no labelled set judges no-acknowledgement');
  });
});
