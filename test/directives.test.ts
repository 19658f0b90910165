import { describe, expect, it } from 'vitest';
import { lintCollection, lintText } from '../src/lint.js';
import { loadBuiltinRules } from '../src/rules/builtin.js';

const ruleSet = loadBuiltinRules();
const BLAME = 'This is your fault.';
const THREAT = 'We will ban you.';
const found = async (text: string) => (await lintText({ name: 't', text }, ruleSet)).map((d) => `${d.line}:${d.rule}`);

describe('inline disables in HTML comments', () => {
  it('disable-next-line covers only the next line, for the rules named', async () => {
    const text = `<!-- replylint-disable-next-line deletion-threat -->\n${BLAME} ${THREAT}\n${THREAT}`;
    expect(await found(text)).toEqual(['2:hostile-tone', '3:deletion-threat']);
  });

  it('disable ... enable, by rule or family, and for all rules', async () => {
    const text = [
      `<!-- replylint-disable -->`,
      BLAME,
      `<!-- replylint-enable deletion-threat -->`,
      `${BLAME} ${THREAT}`,
      '<!-- replylint-enable -->',
      BLAME,
    ].join('\n');
    expect(await found(text)).toEqual(['4:deletion-threat', '6:hostile-tone']);
  });

  it("disable-line covers the comment's own line; a comment that is not a directive does nothing", async () => {
    const text = `${BLAME} <!-- replylint-disable-line -->\n<!-- please keep it short -->${BLAME}`;
    expect(await found(text)).toEqual(['2:hostile-tone']);
  });

  it('lists several rules with commas', async () => {
    expect(await found(`<!-- replylint-disable hostile-tone, deletion-threat -->\n${BLAME} ${THREAT}`)).toEqual([]);
  });
});

describe('inline disables in YAML comments of a collection', () => {
  const lint = async (text: string) => {
    const result = await lintCollection({ name: 'c.yml', text }, ruleSet);
    if (!result.ok) throw new Error(result.message);
    return result.diagnostics.map((d) => `${d.entry}:${d.rule}`);
  };

  it('disable-next-line applies to the whole template that follows', async () => {
    const text = `# replylint-disable-next-line hostile-tone\n- id: a\n  body: |\n    Hello.\n    ${BLAME}\n- id: b\n  body: ${BLAME}\n`;
    expect(await lint(text)).toEqual(['b:hostile-tone']);
  });

  it('disable applies to the templates after it until enable', async () => {
    const text = `- id: a\n  body: ${THREAT}\n# replylint-disable deletion-threat\n- id: b\n  body: ${THREAT}\n# replylint-enable\n- id: c\n  body: ${THREAT}\n`;
    expect(await lint(text)).toEqual(['a:deletion-threat', 'c:deletion-threat']);
  });

  it('a "#" line inside a block reply is text, not a comment', async () => {
    const text = `- id: a\n  body: |\n    # replylint-disable\n    ${BLAME}\n`;
    expect(await lint(text)).toEqual(['a:hostile-tone']);
  });
});
