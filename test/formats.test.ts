import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { sarif } from '../src/report/sarif.js';
import { escapeData, escapeProperty } from '../src/report/github.js';
import type { RunResult } from '../src/report/result.js';
import { cli, tempTree } from './helpers.js';

/**
 * The official SARIF 2.1.0 schema (OASIS, draft-07, $id .../oasis-tcs/sarif-spec/master/Schemata/
 * sarif-schema-2.1.0.json), as shipped in an npm package: never written by hand here.
 */
const require = createRequire(import.meta.url);
const SCHEMA_PATH = join(
  require.resolve('@datadog/datadog-ci-plugin-sarif/package.json'),
  '..',
  'dist/json-schema/sarif-schema-2.1.0.json',
);
const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));

function validateSarif(log: unknown): ErrorObject[] {
  const ajv = new Ajv({ allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  return validate(log) ? [] : (validate.errors ?? []);
}

const FILES = {
  'replies/blame.txt': 'This is your fault. Read the FAQ before complaining!!!',
  'replies/threat & co.txt': 'Hello.\nKeep this up and we will ban you.',
  'replies/fine.txt': 'Sorry about the delay! Could you DM us your order number?',
};

describe('sarif', () => {
  it('is valid against the official SARIF 2.1.0 schema, checked by ajv', () => {
    expect(schema.$id).toBe(
      'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json',
    );
    const dir = tempTree(FILES);
    const r = cli(['--format', 'sarif', 'replies'], { cwd: dir });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(validateSarif(log)).toEqual([]);
    // A broken log must fail the same check, or the check proves nothing.
    expect(validateSarif({ ...log, version: '2.0.0' })).not.toEqual([]);
  });

  it('describes the rules and places each result (relative URI, UTF-16 columns)', () => {
    const dir = tempTree(FILES);
    const log = JSON.parse(cli(['--format', 'sarif', 'replies'], { cwd: dir }).stdout);
    const [run] = log.runs;
    expect(run.columnKind).toBe('utf16CodeUnits');
    const rules = run.tool.driver.rules;
    const threatRule = rules.find((r: { id: string }) => r.id === 'deletion-threat');
    expect(threatRule).toMatchObject({
      name: 'DeletionThreat',
      defaultConfiguration: { level: 'error' },
      properties: { tip: 1 },
    });
    expect(threatRule.shortDescription.text.length).toBeGreaterThan(0);
    expect(rules.find((r: { id: string }) => r.id === 'exclamation-overload').defaultConfiguration.level).toBe('note');
    const threat = run.results.find((r: { ruleId: string }) => r.ruleId === 'deletion-threat');
    expect(threat.level).toBe('error');
    expect(rules[threat.ruleIndex].id).toBe('deletion-threat');
    expect(threat.locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: 'replies/threat%20%26%20co.txt' },
      region: { startLine: 2, startColumn: 1, endLine: 2 },
    });
    expect(run.results.find((r: { ruleId: string }) => r.ruleId === 'exclamation-overload').level).toBe('note');
  });

  it('turns related places into relatedLocations (schema-valid)', async () => {
    const result: RunResult = {
      files: ['a.txt'],
      notices: [{ file: 'gone.txt', kind: 'error', message: 'no such file or directory' }],
      diagnostics: [
        {
          file: 'a.txt',
          rule: 'near-duplicate',
          family: 'near-duplicate',
          tip: 5,
          level: 'warning',
          message: 'Same reply as b.txt.',
          suggestion: null,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 6,
          offset: 0,
          length: 5,
          match: 'Hello',
          related: [{ file: 'b.txt', line: 3, column: 2, message: 'the other copy' }],
        },
      ],
    };
    const log = JSON.parse(await sarif(result, { color: false }));
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs[0].results[0].relatedLocations[0]).toMatchObject({
      physicalLocation: { artifactLocation: { uri: 'b.txt' }, region: { startLine: 3, startColumn: 2 } },
      message: { text: 'the other copy' },
    });
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(false);
  });
});

describe('github', () => {
  it('prints one workflow command per finding, suggestions as notices', () => {
    const dir = tempTree(FILES);
    const r = cli(['--format', 'github', 'replies'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines.every((l) => /^::(error|warning|notice) /.test(l))).toBe(true);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^::error file=replies\/threat & co\.txt,line=2,col=1,endLine=2,endColumn=\d+,title=deletion-threat \(tip 1\)::.+%0A→ /,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^::notice file=replies\/blame\.txt,.*title=exclamation-overload/),
    );
  });

  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    expect(escapeData('100% sure\r\nnext')).toBe('100%25 sure%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const dir = tempTree({ 'a,b:c.txt': 'Keep this up and we will ban you.' });
    expect(cli(['--format', 'github', 'a,b:c.txt'], { cwd: dir }).stdout).toContain('file=a%2Cb%3Ac.txt,');
  });
});

describe('junit', () => {
  const parse = (xml: string) =>
    new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => ['testcase', 'failure'].includes(name),
    }).parse(xml);

  it('is well-formed XML with one test case per linted file and a failure per finding', () => {
    const dir = tempTree({
      ...FILES,
      'replies/odd <"quotes">.txt': 'You clearly did not read the "manual" & <rules>.',
    });
    const r = cli(['--format', 'junit', 'replies'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const suite = parse(r.stdout).testsuites.testsuite;
    const cases = suite.testcase as {
      name: string;
      failure?: { type: string; '#text': string }[];
      'system-out'?: string;
    }[];
    expect(cases.map((c) => c.name).sort()).toEqual(Object.keys(FILES).concat('replies/odd <"quotes">.txt').sort());
    const threat = cases.find((c) => c.name === 'replies/threat & co.txt')!;
    expect(threat.failure!.map((f) => f.type)).toEqual(['deletion-threat']);
    expect(cases.find((c) => c.name === 'replies/fine.txt')!.failure).toBeUndefined();
    // Below the failing level (a suggestion), a finding is reported but does not fail the case.
    const blame = cases.find((c) => c.name === 'replies/blame.txt')!;
    expect(blame.failure!.map((f) => f.type)).not.toContain('exclamation-overload');
    expect(blame['system-out']).toContain('exclamation-overload');
    expect(Number(suite.failures)).toBe(cases.filter((c) => c.failure).length);
    expect(Number(suite.tests)).toBe(cases.length);
  });

  it('reports an input that cannot be read as a test case in error', () => {
    const dir = tempTree({ 'r.txt': 'Thanks for your patience.' });
    const r = cli(['--format', 'junit', 'r.txt', 'missing.txt'], { cwd: dir });
    expect(r.code).toBe(2);
    const suite = parse(r.stdout).testsuites.testsuite;
    expect(suite).toMatchObject({ tests: '2', errors: '1', failures: '0' });
    expect(suite.testcase[1]).toMatchObject({ name: 'missing.txt', error: { message: 'no such file or directory' } });
  });

  it('follows --min-level: suggestions become failures when they fail the run', () => {
    const dir = tempTree({ 'r.txt': 'Thanks!!!' });
    const suite = parse(cli(['--format', 'junit', '--min-level', 'suggestion', 'r.txt'], { cwd: dir }).stdout)
      .testsuites.testsuite;
    expect(suite.testcase[0].failure.map((f: { type: string }) => f.type)).toEqual(['exclamation-overload']);
  });
});

describe('exit codes do not depend on the format, and follow the configuration', () => {
  for (const format of ['stylish', 'json', 'sarif', 'github', 'junit']) {
    it(format, () => {
      const dir = tempTree({ 'r.txt': 'Thanks!!!', 'w.txt': 'This is your fault.' });
      expect(cli(['--format', format, 'r.txt'], { cwd: dir }).code).toBe(0);
      expect(cli(['--format', format, '--min-level', 'suggestion', 'r.txt'], { cwd: dir }).code).toBe(1);
      expect(cli(['--format', format, 'w.txt'], { cwd: dir }).code).toBe(1);
      expect(cli(['--format', format, '--max-warnings', '3', 'w.txt'], { cwd: dir }).code).toBe(0);
      // A configuration that raises a suggestion to an error makes it fail the run.
      const strict = tempTree({
        '.git/HEAD': '',
        '.replylintrc.yml': 'rules: {exclamation-overload: error}\n',
        'r.txt': 'Thanks!!!',
      });
      expect(cli(['--format', format, 'r.txt'], { cwd: strict }).code).toBe(1);
    });
  }
});

describe('--output', () => {
  it('writes the report to a file instead of stdout, leaving no temporary file', () => {
    const dir = tempTree({ 'w.txt': 'This is your fault.', 'out/.keep': '' });
    const r = cli(['--format', 'sarif', '--output', 'out/replylint.sarif', 'w.txt'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const log = JSON.parse(readFileSync(join(dir, 'out/replylint.sarif'), 'utf8'));
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['.keep', 'replylint.sarif']);
  });

  it('replaces an existing report, and fails with exit 2 when the folder does not exist', () => {
    const dir = tempTree({ 'w.txt': 'This is your fault.', 'report.json': 'old' });
    cli(['--format', 'json', '-o', 'report.json', 'w.txt'], { cwd: dir });
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))[0].rule).toBe('hostile-tone');
    const r = cli(['--output', 'no/such/dir/report.txt', 'w.txt'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--output no/such/dir/report.txt');
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });
});

describe('sarif fixes', () => {
  it('carries a safe fix as a SARIF fix replacing the result region, valid against the schema', async () => {
    const result: RunResult = {
      files: ['a.txt'],
      notices: [],
      diagnostics: [
        {
          file: 'a.txt',
          rule: 'stiff',
          family: 'stiff',
          tip: 4,
          level: 'warning',
          message: "'As per' is stiff.",
          suggestion: null,
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 9,
          offset: 8,
          length: 6,
          match: 'As per',
          fix: { offset: 8, length: 6, text: 'Following' },
        },
      ],
    };
    const log = JSON.parse(await sarif(result, { color: false }));
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs[0].results[0].fixes).toEqual([
      {
        description: { text: "Replace with 'Following'" },
        artifactChanges: [
          {
            artifactLocation: { uri: 'a.txt' },
            replacements: [
              {
                deletedRegion: { startLine: 2, startColumn: 3, endLine: 2, endColumn: 9 },
                insertedContent: { text: 'Following' },
              },
            ],
          },
        ],
      },
    ]);
  });
});
