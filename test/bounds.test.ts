import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, inconvenienceRule, tempTree } from './helpers.js';

// Issue 12, H1-H4, H6, H7 and U1-U3: inputs that once hung the run, ate its memory or crashed it.
// Big inputs are generated here. The time-outs are hang guards, far above the time a run takes;
// no test asserts a duration.

const FLAGGED = 'Sorry for any inconvenience, this is your fault.\n';

/** The CLI with a generous hang guard (a hang or a crash fails the test; speed is not measured). */
const run = (args: string[], options: { input?: string | Buffer; cwd?: string; timeout?: number } = {}) =>
  cli(args, { ...options, timeout: options.timeout ?? 120000 });

describe('Markdown', { timeout: 130000 }, () => {
  it('6,000 nested block quotes: linted as plain text with a notice, and the other inputs are reported', () => {
    const dir = tempTree({ 'q.md': `${'>'.repeat(6000)} quoted\n\nThis is your fault.\n`, 'b.txt': FLAGGED });
    const r = run([join(dir, 'q.md'), join(dir, 'b.txt')]);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).toContain(
      'q.md: Markdown too complex for the parser (block quotes nested over 100 deep): linted as plain text',
    );
    expect(r.stdout).toContain('q.md');
    expect(r.stdout).toContain('b.txt');
    expect(r.code).toBe(1);
  });

  it('a link label of 150,000 inline codes, 200,000 brackets, 100,000 `[a](`: each finishes, with a notice', () => {
    const dir = tempTree({
      'codes.md': `[${'`x`'.repeat(150000)}](https://example.com)\n`,
      'brackets.md': `${'['.repeat(200000)}This is your fault.${']'.repeat(200000)}\n`,
      'stars.md': `${'*'.repeat(200000)}This is your fault.${'*'.repeat(200000)}\n`,
      'opens.md': `${'[a]('.repeat(100000)}\n`,
    });
    const r = run([join(dir, 'codes.md'), join(dir, 'brackets.md'), join(dir, 'stars.md'), join(dir, 'opens.md')]);
    expect(r.signal).toBeNull();
    expect(r.stderr).not.toContain('internal error');
    for (const name of ['codes.md', 'brackets.md', 'stars.md', 'opens.md'])
      expect(r.stderr).toContain(`${name}: Markdown too complex for the parser`);
    expect(r.stdout).toContain('brackets.md');
  });

  it('deeply nested lists within the bounds are parsed as Markdown, without a notice', () => {
    const nested = Array.from({ length: 90 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
    const dir = tempTree({ 'l.md': `${'> '.repeat(90)}${nested}\n\n\`your fault\` is code.\n` });
    const r = run([join(dir, 'l.md')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('replies with many findings', { timeout: 130000 }, () => {
  it('2 MB of one flagged sentence: every finding is reported (JSON and stylish)', () => {
    const dir = tempTree({ 'big.txt': 'This is your fault. '.repeat(100000) });
    const json = run(['--format', 'json', '--rule', 'hostile-tone', join(dir, 'big.txt')]);
    expect(json.signal).toBeNull();
    expect(JSON.parse(json.stdout)).toHaveLength(100000);
    const stylish = run(['--rule', 'hostile-tone', join(dir, 'big.txt')]);
    expect(stylish.stdout).toContain('✖ 100000 problems');
  }, 250000);

  it('2 MB of Markdown inline code, and 400 KB of it: linted as plain text with a notice', () => {
    const small = tempTree({ 'code.md': '`x` '.repeat(100000) });
    expect(run([join(small, 'code.md')]).stderr).toContain("Markdown too complex for the parser (over 5000 '`')");
    const dir = tempTree({ 'code.md': '`x` '.repeat(500000) });
    const r = run([join(dir, 'code.md')]);
    expect(r.signal).toBeNull();
    expect(r.stderr).toContain('Markdown too complex for the parser (over 1 MB)');
  }, 130000);
});

describe('reads with a size cap and a file-type check', { timeout: 130000 }, () => {
  it('--in-reply-to - stops reading stdin past --max-size', () => {
    const dir = tempTree({ 'a.txt': FLAGGED });
    const r = run([join(dir, 'a.txt'), '--in-reply-to', '-', '--max-size', '1000'], { input: 'x'.repeat(100000) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--in-reply-to -: file is more than 1 KB, over the 1 KB limit');
  });

  it('a configuration that extends /dev/zero, is a link to /dev/zero, a named pipe or a folder: exit 2, named', () => {
    const dir = tempTree({ 'a.txt': FLAGGED, 'zero.yml': 'extends: /dev/zero\n', 'r/a.txt': FLAGGED });
    symlinkSync('/dev/zero', join(dir, 'r/.replylintrc.yml'));
    spawnSync('mkfifo', [join(dir, 'fifo.yml')]);
    writeFileSync(join(dir, 'base-fifo.yml'), 'extends: ./fifo.yml\n');
    mkdirSync(join(dir, 'folder.yml'));
    const cases: [string[], string][] = [
      [['-c', join(dir, 'zero.yml'), join(dir, 'a.txt')], '/dev/zero:1:1: cannot be read: is not a regular file'],
      [[join(dir, 'r/a.txt')], '.replylintrc.yml:1:1: cannot be read: is not a regular file'],
      [['-c', join(dir, 'fifo.yml'), join(dir, 'a.txt')], 'fifo.yml:1:1: cannot be read: is not a regular file'],
      [['-c', join(dir, 'base-fifo.yml'), join(dir, 'a.txt')], 'fifo.yml:1:1: cannot be read: is not a regular file'],
      [['-c', join(dir, 'folder.yml'), join(dir, 'a.txt')], 'folder.yml:1:1: cannot be read: is a directory'],
    ];
    for (const [args, message] of cases) {
      const r = run(args, { timeout: 30000 });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toContain('internal error');
    }
  });

  it('a configuration file over 1 MB is an error naming it, not read', () => {
    const dir = tempTree({ 'a.txt': FLAGGED, 'big.yml': `${'# padding\n'.repeat(120000)}rules: {}\n` });
    const r = run(['-c', join(dir, 'big.yml'), join(dir, 'a.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('big.yml:1:1: cannot be read: is larger than 1.0 MB, not read');
  });

  it('a rule file that is a named pipe or a link to /dev/zero: exit 2, named', () => {
    const dir = tempTree({ 'a.txt': FLAGGED, 'rules/en/ok-rule.yml': inconvenienceRule('ok-rule') });
    spawnSync('mkfifo', [join(dir, 'rules/en/pipe-rule.yml')]);
    const r = run(['--rules', join(dir, 'rules'), join(dir, 'a.txt')], { timeout: 30000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pipe-rule.yml:1:1: cannot be used: is not a regular file');
    const zero = tempTree({ 'a.txt': FLAGGED });
    mkdirSync(join(zero, 'rules/en'), { recursive: true });
    symlinkSync('/dev/zero', join(zero, 'rules/en/zero-rule.yml'));
    const z = run(['--rules', join(zero, 'rules'), join(zero, 'a.txt')], { timeout: 30000 });
    expect(z.code).toBe(2);
    expect(z.stderr).toContain('zero-rule.yml:1:1: cannot be used: is not a regular file');
  });

  it('audit: a line longer than --max-size is skipped with a notice, the others are audited; a device is refused', () => {
    const line = (reply: string) => `${JSON.stringify({ reply })}\n`;
    const dir = tempTree({ 'a.jsonl': line(FLAGGED) + line('x'.repeat(50000)) + line(FLAGGED) });
    const r = run(['audit', join(dir, 'a.jsonl'), '--max-size', '10000', '--workers', '0']);
    expect(r.stderr).toContain('a.jsonl:2: longer than 10000 characters (--max-size), skipped');
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).line),
    ).toEqual([1, 3]);
    expect(r.code).toBe(1);
    const device = run(['audit', '/dev/zero'], { timeout: 30000 });
    expect(device.code).toBe(2);
    expect(device.stderr).toContain('/dev/zero: is not a file or a pipe');
  });

  it('audit: a 600 MB line (a sparse file) is skipped, not a crash', () => {
    const dir = tempTree({});
    const file = join(dir, 'sparse.jsonl');
    writeFileSync(file, `{"reply": "This is your fault."}\n`);
    spawnSync('truncate', ['-s', '600M', file]); // over V8's longest string (about 512 MB)
    writeFileSync(file, '\n{"reply": "This is your fault."}\n', { flag: 'a' });
    const r = run(['audit', file, '--workers', '0'], { timeout: 300000 });
    expect(r.stderr).not.toContain('RangeError');
    expect(r.stderr).toContain('sparse.jsonl:2: longer than');
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.code).toBe(1);
  }, 310000);
});

describe('user errors are not internal errors', { timeout: 130000 }, () => {
  it('an alias bomb, JSON nested 100,000 deep, a collection as a key: located errors, no yaml warning', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    const dir = tempTree({
      'a.txt': FLAGGED,
      'bomb.yml': `${bomb}\n`,
      'deep.json': `${'['.repeat(100000)}${']'.repeat(100000)}`,
      'key.yml': '? [a, b]\n: c\n',
      'deep-collection.json': `${'['.repeat(100000)}${']'.repeat(100000)}`,
    });
    const cases: [string[], string][] = [
      [['-c', join(dir, 'bomb.yml'), join(dir, 'a.txt')], 'bomb.yml:1:1: cannot be read: Excessive alias count'],
      [['-c', join(dir, 'deep.json'), join(dir, 'a.txt')], 'nested too deeply to read'],
      [['-c', join(dir, 'key.yml'), join(dir, 'a.txt')], "key.yml:1:1: field '[ a, b ]': unknown field"],
      [[join(dir, 'deep-collection.json')], 'deep-collection.json: 1:'],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toContain('internal error');
      expect(r.stderr).not.toContain('Keys with collection values');
    }
  });
});

describe('collections and corpus rules', { timeout: 200000 }, () => {
  const body = (i: number) =>
    `Hi {{name}}, thanks for reaching out! Your refund for order ${i} is on its way and should arrive soon.`;

  it('4,000 identical templates: one duplicate finding each, against the first (H8)', () => {
    const yaml = Array.from({ length: 4000 }, (_, i) => `- id: t${i}\n  body: "${body(0)}"`).join('\n');
    const dir = tempTree({ 'templates.yml': `${yaml}\n` });
    const r = run(['--rule', 'canned-duplicate', '--format', 'json', join(dir, 'templates.yml')], { timeout: 190000 });
    expect(r.signal).toBeNull();
    const found = JSON.parse(r.stdout) as { entry: string; related: { line: number }[] }[];
    expect(found).toHaveLength(3999);
    expect(new Set(found.map((d) => d.related[0]!.line))).toEqual(new Set([2]));
  });

  it('a 5 MB JSON list of 1,048,574 strings is refused by the bound on values, without parsing it (H10)', () => {
    const dir = tempTree({ 'list.json': `[${Array(1048574).fill('"aa"').join(',')}]` });
    const r = run([join(dir, 'list.json'), join(dir, 'list.json')], { timeout: 190000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `list.json: collection too large: over 200000 values (the bound on values per collection)`,
    );
  });

  it('over 10,000 templates, or templates whose aliases repeat over 5 MB of text: refused, naming the bound (H10)', () => {
    const many = `[${Array.from({ length: 10001 }, (_, i) => `"${body(i)}"`).join(',')}]`;
    const anchor = 'This is your fault. '.repeat(30000); // 600 KB, named by 10 aliases: 6 MB of templates
    const aliases = `- &a "${anchor}"\n${'- *a\n'.repeat(10)}`;
    const dir = tempTree({ 'many.json': many, 'aliases.yml': aliases, 'ok.txt': FLAGGED });
    const r = run(['--format', 'json', join(dir, 'many.json'), join(dir, 'aliases.yml'), join(dir, 'ok.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'many.json: collection too large: 10001 templates, over the bound of 10000 per collection',
    );
    expect(r.stderr).toContain(
      'aliases.yml: collection too large: its templates hold 6600000 characters, over the bound of',
    );
    expect(new Set((JSON.parse(r.stdout) as { file: string }[]).map((d) => d.file))).toEqual(
      new Set([join(dir, 'ok.txt')]),
    );
  });

  it('canned-duplicate over templates sharing one small vocabulary stops at its bound, with a notice (H10)', () => {
    const words = 'order parcel refund delivery account team message today help check update details'.split(' ');
    let seed = 1;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const template = () => Array.from({ length: 70 }, () => words[next() % words.length]).join(' ');
    const bodies = Array.from({ length: 3000 }, template);
    bodies[1] = bodies[0]!; // one duplicate before the bound: still reported
    const yaml = bodies.map((text, k) => `- id: t${k}\n  body: "Hi {{name}}, ${text}."`).join('\n');
    const dir = tempTree({ 'templates.yml': `${yaml}\n` });
    const r = run(['--rule', 'canned-duplicate', '--format', 'json', join(dir, 'templates.yml')], { timeout: 190000 });
    expect(r.signal).toBeNull();
    expect(r.stderr).toMatch(
      /templates\.yml: canned-duplicate: compared (\d+) of 3000 replies, then stopped at template 't\1' \(the bound of 100000000 shingle comparisons per run\)/,
    );
    const stoppedAt = Number(/compared (\d+)/.exec(r.stderr)![1]);
    const flagged = (JSON.parse(r.stdout) as { entry: string }[]).map((d) => Number(d.entry.slice(1)));
    expect(flagged).toContain(1);
    expect(Math.max(...flagged)).toBeLessThan(stoppedAt);
  });

  it('a # replylint-disable comment before each of 10,000 templates, the most a collection may hold (H9)', () => {
    const yaml = Array.from(
      { length: 9999 },
      (_, i) => `# replylint-disable-next-line hostile-tone\n- id: t${i}\n  body: "This is your fault, order ${i}."`,
    ).join('\n');
    const dir = tempTree({ 'templates.yml': `${yaml}\n- id: last\n  body: "This is your fault."\n` });
    const r = run(['--rule', 'hostile-tone', '--format', 'json', join(dir, 'templates.yml')], { timeout: 190000 });
    expect(r.signal).toBeNull();
    expect((JSON.parse(r.stdout) as { entry: string }[]).map((d) => d.entry)).toEqual(['last']);
  });
});
