import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempTree } from './helpers.js';

// Issue 12, W3, W5, W7-W10: output that was wrong or silent.

const FLAGGED = 'Sorry for any inconvenience, this is your fault.\n';
const ESC = '\u001b';
const rules = (json: string) => JSON.parse(json).map((d: { rule: string }) => d.rule);

describe('order', () => {
  it('folder order is by code unit whatever the locale (W5)', () => {
    const dir = tempTree({
      'r/b.txt': FLAGGED,
      'r/B.txt': FLAGGED,
      'r/a.txt': FLAGGED,
      'r/Z.txt': FLAGGED,
      'r/é.txt': FLAGGED,
    });
    const orders = ['en_US.UTF-8', 'C', 'fr_FR.UTF-8', 'sv_SE.UTF-8'].map((locale) => {
      const r = cli(['--format', 'json', '--rule', 'hostile-tone', join(dir, 'r')], {
        env: { LC_ALL: locale, LANG: locale },
      });
      return JSON.parse(r.stdout).map((d: { file: string }) => d.file.slice(join(dir, 'r').length + 1));
    });
    for (const order of orders) expect(order).toEqual(['B.txt', 'Z.txt', 'a.txt', 'b.txt', 'é.txt']);
  });
});

describe('encodings', () => {
  it('a NUL after the first 8 KB is binary too; UTF-32 is refused, not read as UTF-16 (W7)', () => {
    const late = Buffer.concat([
      Buffer.from(`${'This is fine. '.repeat(800)}`),
      Buffer.from([0]),
      Buffer.from(FLAGGED),
    ]);
    const utf32 = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from(FLAGGED, 'utf16le')]);
    const dir = tempTree({ 'late.txt': late, 'utf32.txt': utf32 });
    const r = cli([join(dir, 'late.txt'), join(dir, 'utf32.txt')]);
    expect(r.stderr).toContain('late.txt: binary file (contains NUL bytes), skipped');
    expect(r.stderr).toContain('utf32.txt: UTF-32 is not supported');
    expect(r.stdout).toBe('');
  });

  it('audit reads a UTF-8 BOM and UTF-16 JSONL; an impossible date is not read (W8)', () => {
    const jsonl = `${JSON.stringify({ reply: FLAGGED, received_at: '2024-02-30T10:00:00Z' })}\n${JSON.stringify({ reply: FLAGGED })}\n`;
    const dir = tempTree({
      'bom.jsonl': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(jsonl)]),
      'le.jsonl': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(jsonl, 'utf16le')]),
      'be.jsonl': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(jsonl, 'utf16le').swap16()]),
    });
    for (const name of ['bom.jsonl', 'le.jsonl', 'be.jsonl']) {
      const r = cli(['audit', join(dir, name), '--workers', '0']);
      expect(
        r.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).line),
        name,
      ).toEqual([1, 2]);
      expect(r.stderr).toContain('2 replies audited, 2 flagged');
      expect(r.stderr).toContain(
        `${name}:1: field "received_at" is not an ISO 8601 date-time ("2024-02-30T10:00:00Z"), ignored`,
      );
      expect(r.code).toBe(1);
    }
  });
});

describe('terminal escapes (W9)', () => {
  it('ESC from a JSONL line, a template id or a reply never reaches the terminal raw', () => {
    const dir = tempTree({
      'a.jsonl': `${ESC}]0;owned${ESC}\\${ESC}[2J not json\n`,
      'templates.yml': `- id: "\\e[2Jsneaky"\n  body: "${FLAGGED.trim()}"\n`,
      [`name${ESC}[8m.txt`]: FLAGGED,
    });
    const audit = cli(['audit', join(dir, 'a.jsonl')]);
    expect(audit.stderr).toContain('a.jsonl:1: not valid JSON');
    expect(audit.stderr).toContain('\\x1B');
    const lint = cli([join(dir, 'templates.yml'), join(dir, `name${ESC}[8m.txt`)]);
    expect(lint.stdout).toContain('[\\x1B[2Jsneaky]');
    expect(lint.stdout).toContain('name\\x1B[8m.txt');
    for (const r of [audit, lint]) expect(r.stdout + r.stderr).not.toContain(ESC);
  });
});

describe('configuration discovery (W10)', () => {
  it('a configuration in a folder every user can write to is not used, and a notice says so', () => {
    const dir = tempTree({ 'shared/.replylintrc.yml': 'rules:\n  hostile-tone: off\n', 'shared/me/a.txt': FLAGGED });
    chmodSync(join(dir, 'shared'), 0o777);
    const r = cli(['--format', 'json', join(dir, 'shared/me/a.txt')]);
    expect(r.stderr).toContain('shared/.replylintrc.yml: not used: its folder is writable by every user');
    expect(rules(r.stdout)).toContain('hostile-tone');
    // Given explicitly, it is used.
    const explicit = cli([
      '--config',
      join(dir, 'shared/.replylintrc.yml'),
      join(dir, 'shared/me/a.txt'),
      '--format',
      'json',
    ]);
    expect(rules(explicit.stdout)).not.toContain('hostile-tone');
  });

  it('the search stops at the home folder', () => {
    const dir = tempTree({ '.replylintrc.yml': 'rules:\n  hostile-tone: off\n', 'home/a.txt': FLAGGED });
    mkdirSync(join(dir, 'home/.config'), { recursive: true });
    const r = cli(['--format', 'json', join(dir, 'home/a.txt')], { env: { HOME: join(dir, 'home') } });
    expect(rules(r.stdout)).toContain('hostile-tone');
    const above = cli(['--format', 'json', join(dir, 'home/a.txt')], { env: { HOME: dir } });
    expect(rules(above.stdout)).not.toContain('hostile-tone');
  });
});

describe('audit and corpus rules (W3)', () => {
  it('says that corpus rules do not run in an audit when they were asked for', () => {
    const reply = 'Hi there, thanks for reaching out! Your refund is on its way and should arrive within three days.';
    const dir = tempTree({ 'a.jsonl': `${JSON.stringify({ reply })}\n`.repeat(3) });
    writeFileSync(join(dir, 'b.jsonl'), `${JSON.stringify({ reply })}\n`);
    const asked = cli(['audit', join(dir, 'a.jsonl'), '--rule', 'canned-duplicate']);
    expect(asked.stderr).toContain('audit does not run corpus rules (canned-duplicate)');
    const plain = cli(['audit', join(dir, 'b.jsonl')]);
    expect(plain.stderr).not.toContain('corpus rules');
  });
});
