import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Corpus, lintText } from '../src/lint.js';
import { loadBuiltinRules } from '../src/rules/builtin.js';
import { Planner } from '../src/run/plan.js';
import { runLint } from '../src/run/run.js';
import { tempTree } from './helpers.js';

const choices = { rulesDirs: [], only: [], disabled: [] };

describe('Planner', () => {
  const dir = tempTree({
    '.replylintrc.yml': 'ignore: ["*.skip.txt"]\noverrides:\n  - files: ["templates/**"]\n    mode: template\n',
    'a.txt': 'x',
    'b.txt': 'x',
    'c.skip.txt': 'x',
    'templates/t.txt': 'x',
  });

  it('works out one plan for the files of a folder, and matches ignore for each', () => {
    const planner = new Planner(choices);
    const [a, b, skipped] = ['a.txt', 'b.txt', 'c.skip.txt'].map((f) => planner.forFile(join(dir, f)));
    expect(b).toBe(a);
    expect(a!.config.ignored).toBe(false);
    expect(skipped!.config.ignored).toBe(true);
    expect(skipped!.rules).toBe(a!.rules);
  });

  it('works out another plan where other overrides apply', () => {
    const planner = new Planner(choices);
    const top = planner.forFile(join(dir, 'a.txt'));
    const template = planner.forFile(join(dir, 'templates/t.txt'));
    expect(template).not.toBe(top);
    expect(template.settings.mode).toBe('template');
    expect(top.settings.mode).toBeUndefined();
  });
});

describe('Corpus', () => {
  const ruleSet = loadBuiltinRules();
  const reply = 'Thanks for reaching out! Your refund is on its way and should arrive within three days.';

  it('keeps no reply that no corpus rule compares (canned-duplicate compares templates)', async () => {
    const corpus = new Corpus();
    for (const name of ['a.txt', 'b.txt'])
      await lintText({ name, text: reply, settings: { mode: 'draft' } }, ruleSet, ruleSet.rules, corpus);
    expect(corpus.size).toBe(0);
    await lintText({ name: 'c.txt', text: reply, settings: { mode: 'template' } }, ruleSet, ruleSet.rules, corpus);
    expect(corpus.size).toBe(1);
  });
});

describe('runLint', () => {
  it('lints files, collections and texts into one result: files, findings, notices and the rules that ran', async () => {
    const dir = tempTree({
      'draft.txt': 'We will delete your comment.',
      'templates/macros.yml': '- id: late\n  body: Sorry, your parcel is late. We are checking with the courier now.\n',
      'templates/empty.yml': '[]\n',
      'templates/answer.md': '---\nwhen: complaint\n---\nThanks for your message.\n',
    });
    const planner = new Planner(choices);
    const result = await runLint(
      [
        { path: join(dir, 'draft.txt') },
        { path: join(dir, 'templates/macros.yml') },
        { path: join(dir, 'templates/empty.yml') },
        { path: join(dir, 'templates/answer.md') },
        { path: join(dir, 'missing.txt') },
        { name: '<stdin>', text: 'Thanks!' },
      ],
      { planner },
    );
    expect(result.files).toEqual([
      join(dir, 'draft.txt'),
      join(dir, 'templates/macros.yml'),
      join(dir, 'templates/answer.md'),
      '<stdin>',
    ]);
    expect(result.diagnostics.map((d) => `${d.file.replace(dir, '')}:${d.rule}`)).toContain(
      '/draft.txt:deletion-threat',
    );
    // The front matter's `when: complaint` reaches the rules, with no --in-reply-to.
    expect(result.diagnostics.map((d) => `${d.file.replace(dir, '')}:${d.rule}`)).toContain(
      '/templates/answer.md:missing-investigation',
    );
    expect(result.notices.map((n) => [n.file.replace(dir, ''), n.kind])).toEqual([
      ['/templates/empty.yml', 'skipped'],
      ['/missing.txt', 'error'],
    ]);
    expect(result.rules?.map((r) => r.id)).toContain('deletion-threat');
  });
});
