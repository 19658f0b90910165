import type { Diagnostic, Fix, InputNotice, Level } from '../diagnostics.js';
import { packageVersion } from '../core/package.js';
import { repositoryUrl } from '../core/rule-docs-url.js';
import { portablePath } from './paths.js';
import type { Formatter, RuleInfo } from './result.js';

/** SARIF has no "suggestion": its closest level is "note". */
const SARIF_LEVEL: Record<Level, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  suggestion: 'note',
};

/**
 * SARIF 2.1.0 (what GitHub code scanning, VS Code's SARIF viewer and Azure DevOps read): one
 * run, the rules that ran as the driver's rules, one result per finding. Columns count UTF-16
 * code units, which is what our columns are, and the run says so (columnKind).
 */
export const sarif: Formatter = ({ diagnostics, notices, rules = [] }) => {
  const described = describedRules(rules, diagnostics);
  const index = new Map(described.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'replylint',
            version: packageVersion(),
            informationUri: repositoryUrl(),
            rules: described.map(ruleDescriptor),
          },
        },
        invocations: [invocation(notices)],
        columnKind: 'utf16CodeUnits',
        results: diagnostics.map((d) => result(d, index.get(d.rule)!)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

/** Every rule that ran, plus any rule a finding names that the caller did not describe. */
function describedRules(rules: RuleInfo[], diagnostics: Diagnostic[]): RuleInfo[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const d of diagnostics) {
    if (!byId.has(d.rule))
      byId.set(d.rule, { id: d.rule, family: d.family, tip: d.tip, level: d.level, description: d.message });
  }
  return [...byId.values()];
}

function ruleDescriptor(rule: RuleInfo) {
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.description },
    ...(rule.why ? { fullDescription: { text: rule.why } } : {}),
    help: {
      text: [rule.why ?? rule.description, rule.suggest ? `Instead: ${rule.suggest}` : ''].filter(Boolean).join('\n'),
    },
    ...(rule.docsUrl ? { helpUri: rule.docsUrl } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[rule.level] },
    properties: { tip: rule.tip, family: rule.family, tags: [`tip-${rule.tip}`, rule.family] },
  };
}

function result(d: Diagnostic, ruleIndex: number) {
  return {
    ruleId: d.rule,
    ruleIndex,
    level: SARIF_LEVEL[d.level],
    message: { text: d.suggestion ? `${d.message}\n→ ${d.suggestion}` : d.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(d.file) }, region: region(d) } }],
    ...(d.related?.length
      ? {
          relatedLocations: d.related.map((r, id) => ({
            id,
            physicalLocation: {
              artifactLocation: { uri: uriOf(r.file) },
              region: { startLine: r.line, startColumn: r.column },
            },
            message: { text: r.message },
          })),
        }
      : {}),
    ...(d.fix ? { fixes: [fixOf(d, d.fix)] } : {}),
    properties: {
      tip: d.tip,
      family: d.family,
      ...(d.suggestion ? { suggestion: d.suggestion } : {}),
      ...(d.entry ? { entry: d.entry } : {}),
    },
  };
}

/** A safe fix (what --fix applies) as a SARIF fix: it replaces exactly the result's region. */
function fixOf(d: Diagnostic, fix: Fix) {
  const { snippet: _snippet, ...deletedRegion } = region(d);
  return {
    description: { text: `Replace with '${fix.text}'` },
    artifactChanges: [
      {
        artifactLocation: { uri: uriOf(d.file) },
        replacements: [{ deletedRegion, insertedContent: { text: fix.text } }],
      },
    ],
  };
}

/** SARIF regions: 1-based; endColumn is the column just past the last character, as ours is. */
function region(d: Diagnostic) {
  return {
    startLine: d.line,
    startColumn: d.column,
    endLine: d.endLine,
    endColumn: Math.max(d.endColumn, d.endLine === d.line ? d.column + 1 : 1),
    snippet: { text: d.match },
  };
}

/** Inputs that could not be linted are tool notifications, not results. */
function invocation(notices: InputNotice[]) {
  return {
    executionSuccessful: !notices.some((n) => n.kind === 'error'),
    toolExecutionNotifications: notices.map((n) => ({
      level: n.kind === 'error' ? 'error' : 'warning',
      message: { text: n.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(n.file) } } }],
    })),
  };
}

/** A relative URI reference: each path segment percent-encoded (spaces, '#', '<stdin>'). */
function uriOf(file: string): string {
  return portablePath(file)
    .split('/')
    .map((part) => (part === '..' ? part : encodeURIComponent(part)))
    .join('/');
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}
