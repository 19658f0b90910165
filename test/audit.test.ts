import { describe, expect, it } from 'vitest';
import { parseRecordLine, parseTimestamp, DEFAULT_FIELDS } from '../src/sources/jsonl.js';
import { cli, FINDING_KEYS, tempTree } from './helpers.js';
import { autoWorkers, WORKER_THRESHOLD_BYTES } from '../src/cli/audit-command.js';

const HOSTILE = 'This is your fault. Read the FAQ before complaining!';
const THREAT = 'Keep this up and you will be banned.';
const GOOD = "Sorry about that! Could you DM us your order number? We'll check right away.";

/** A JSONL archive whose flagged replies are every third line, with ids naming the line. */
function archive(lines: number): string {
  return Array.from({ length: lines }, (_, i) =>
    JSON.stringify({ id: `r${i + 1}`, reply: i % 3 === 0 ? (i % 2 ? THREAT : HOSTILE) : GOOD }),
  ).join('\n');
}

const records = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('replylint audit FILE.jsonl', () => {
  it('writes one documented record per flagged reply, in input order', () => {
    const dir = tempTree({ 'a.jsonl': archive(12) });
    const r = cli(['audit', `${dir}/a.jsonl`]);
    expect(r.code).toBe(1);
    const out = records(r.stdout);
    expect(out.map((o) => o.id)).toEqual(['r1', 'r4', 'r7', 'r10']);
    expect(out.map((o) => o.line)).toEqual([1, 4, 7, 10]);
    expect(Object.keys(out[0])).toEqual(['line', 'id', 'findings']);
    expect(Object.keys(out[0].findings[0])).toEqual(FINDING_KEYS);
    expect(out[1].findings.map((f: { rule: string }) => f.rule)).toContain('deletion-threat');
  });

  it('keeps input order with worker threads and small batches', () => {
    const dir = tempTree({ 'a.jsonl': archive(300) });
    const single = cli(['audit', '--workers', '0', `${dir}/a.jsonl`]);
    const pooled = cli(['audit', '--workers', '2', '--batch', '7', `${dir}/a.jsonl`]);
    expect(records(pooled.stdout).map((o) => o.line)).toEqual(Array.from({ length: 100 }, (_, i) => 3 * i + 1));
    expect(pooled.stdout).toBe(single.stdout);
    expect(pooled.stderr).toBe(single.stderr);
  });

  it('reports bad lines with their number, skips them and goes on', () => {
    const lines = [
      JSON.stringify({ id: 'a', reply: HOSTILE }),
      '{not json',
      '',
      JSON.stringify({ id: 'b', body: 'x' }),
      '[1,2]',
      JSON.stringify({ id: 'c', reply: THREAT }),
    ];
    const dir = tempTree({ 'bad.jsonl': lines.join('\n') });
    const r = cli(['audit', `${dir}/bad.jsonl`]);
    expect(r.code).toBe(1);
    expect(records(r.stdout).map((o) => o.id)).toEqual(['a', 'c']);
    expect(r.stderr).toMatch(/bad\.jsonl:2: not valid JSON .*skipped/);
    expect(r.stderr).toMatch(/bad\.jsonl:4: no reply: field "reply" or "text" missing or not a string, skipped/);
    expect(r.stderr).toMatch(/bad\.jsonl:5: not a JSON object, skipped/);
    expect(r.stderr).not.toMatch(/bad\.jsonl:3:/);
    expect(r.stderr).toContain('2 replies audited, 2 flagged (100.0%), 3 bad lines skipped');
  });

  it('prints a summary per rule and per tip on stderr; stdout stays JSONL', () => {
    const dir = tempTree({ 'a.jsonl': archive(12) });
    const r = cli(['audit', `${dir}/a.jsonl`]);
    expect(r.stderr).toContain('12 replies audited, 4 flagged (33.3%)');
    expect(r.stderr).toMatch(/^\s*1\s+deletion-threat\s+2\s+16\.7%\s+2$/m);
    expect(r.stderr).toMatch(/^tip\s+replies\s+share\n\s*1\s+4\s+33\.3%$/m);
    expect(cli(['audit', '--no-summary', `${dir}/a.jsonl`]).stderr).toBe('');
  });

  it('reads configurable fields, the message answered, and stdin', () => {
    const line = JSON.stringify({
      key: 7,
      body: 'We apologise for any inconvenience.',
      parent: 'My parcel never arrived, this is a joke.',
    });
    const r = cli(['audit', '-', '--reply-field', 'body', '--id-field', 'key', '--in-reply-to-field', 'parent'], {
      input: line,
    });
    const [record] = records(r.stdout);
    expect(record.id).toBe(7);
    expect(record.findings.map((f: { rule: string }) => f.rule)).toContain('missing-investigation');
  });

  it('uses the lint options: --rule, --disable, --min-level', () => {
    const dir = tempTree({ 'a.jsonl': archive(12) });
    const r = cli(['audit', '--rule', 'deletion-threat', `${dir}/a.jsonl`]);
    expect(new Set(records(r.stdout).flatMap((o) => o.findings.map((f: { rule: string }) => f.rule)))).toEqual(
      new Set(['deletion-threat']),
    );
    expect(cli(['audit', '--disable', 'nope', `${dir}/a.jsonl`]).code).toBe(2);
    // deletion-threat is in the hostile-tone family, at error: the family fails at error unless it is disabled
    expect(cli(['audit', '--rule', 'hostile-tone', '--min-level', 'error', `${dir}/a.jsonl`]).code).toBe(1);
    expect(
      cli(['audit', '--rule', 'hostile-tone', '--disable', 'deletion-threat', '--min-level', 'error', `${dir}/a.jsonl`])
        .code,
    ).toBe(0);
  });

  it("reads times into timing and the configuration found from the archive's folder", () => {
    const late = (minutes: number) =>
      JSON.stringify({
        id: `late-${minutes}`,
        reply: "Sorry for the trouble, we're checking your order now.",
        in_reply_to: 'Where is my order?',
        received_at: '2024-05-01T09:00:00Z',
        sent_at: new Date(Date.parse('2024-05-01T09:00:00Z') + minutes * 60000).toISOString(),
      });
    const lines = [late(45), late(200)].join('\n');
    const slow = (stdout: string) =>
      records(stdout)
        .filter((o) => o.findings.some((f: { rule: string }) => f.rule === 'slow-response'))
        .map((o) => o.id);
    const strict = tempTree({ 'a.jsonl': lines, '.replylintrc.yml': 'responseTargetMinutes: 30\n' });
    expect(slow(cli(['audit', `${strict}/a.jsonl`]).stdout)).toEqual(['late-45', 'late-200']);
    const relaxed = tempTree({ 'a.jsonl': lines, '.replylintrc.yml': 'responseTargetMinutes: 120\n' });
    expect(slow(cli(['audit', `${relaxed}/a.jsonl`]).stdout)).toEqual(['late-200']);
    expect(slow(cli(['audit', '--workers', '2', `${relaxed}/a.jsonl`]).stdout)).toEqual(['late-200']);
  });

  it('exits 2 on a missing file', () => {
    const r = cli(['audit', 'no/such/file.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such file or directory');
  });
});

describe('archive records', () => {
  it('reads ISO 8601 times into timing and warns about other formats', () => {
    const ok = parseRecordLine(
      JSON.stringify({ text: 'Hi', received_at: '2024-05-01T09:30:00Z', sent_at: '2024-05-01T11:00:00+0200' }),
      DEFAULT_FIELDS,
    );
    expect(ok.ok && ok.record.timing).toEqual({
      receivedAt: new Date('2024-05-01T09:30:00Z'),
      sentAt: new Date('2024-05-01T09:00:00Z'),
    });
    const bad = parseRecordLine(JSON.stringify({ reply: 'Hi', sent_at: 'yesterday' }), DEFAULT_FIELDS);
    expect(bad.ok && bad.record.timing).toBeUndefined();
    expect(bad.ok && bad.record.warnings[0]).toContain('"sent_at" is not an ISO 8601 date-time');
    expect(parseTimestamp('2024-05-01')).toEqual(new Date('2024-05-01T00:00:00Z'));
    expect(parseTimestamp('05/01/2024')).toBeUndefined();
  });
});

describe('--workers auto', () => {
  const large = WORKER_THRESHOLD_BYTES;
  it('uses one worker per free core for a large input, at most two (the memory bound)', () => {
    expect(autoWorkers(large, 2, 0.1)).toBe(2);
    expect(autoWorkers(large, 4, 1.2)).toBe(2);
    expect(autoWorkers(large, 32, 0)).toBe(2);
    expect(autoWorkers(large, 4, 2.6)).toBe(0); // 1.4 cores free
  });

  it('uses none for a small input, an unknown size (stdin), or fewer than two free cores', () => {
    expect(autoWorkers(large - 1, 8, 0)).toBe(0);
    expect(autoWorkers(undefined, 8, 0)).toBe(0);
    expect(autoWorkers(large, 1, 0)).toBe(0);
    expect(autoWorkers(large, 2, 0.9)).toBe(0);
  });
});
