import type { Level } from '../diagnostics.js';
import type { CompiledRule, Settings } from '../engine/rule.js';
import type { Lang } from '../lang/detect.js';
import { lintPlainText } from '../lint.js';
import { loadBuiltinRules } from '../rules/builtin.js';
import type { RuleSet } from '../rules/load.js';
import { parseRecordLine, type RecordFields } from '../sources/jsonl.js';

/** What the audit needs to lint: plain data, so that it can be sent to a worker thread. */
export interface AuditSetup {
  fields: RecordFields;
  ruleDirs: string[];
  /** The rules the run keeps ("lang/id"), at their level (after configuration, --rule, --disable). */
  levels: Record<string, Level>;
  settings?: Settings;
  lang?: Lang;
}

/** The result of one line, in a form that crosses threads (structured clone). */
export interface LineOutcome {
  line: number;
  /** The output record (JSONL) of a reply with findings, serialised where it was linted. */
  output?: string;
  /** One entry per finding, for the summary and the exit code. */
  findings: { rule: string; tip: number; level: Level }[];
  /** Whether the line was a reply that was linted (false: a bad line or a blank one). */
  linted: boolean;
  notices: string[];
}

/** Synchronous: a reply is plain text, and an await per line would be a turn of the event loop per reply. */
export type Auditor = (text: string, line: number) => LineOutcome;

/**
 * Loads the rules once (per thread) and returns the function that audits one line. In the main
 * thread the rule set the configuration was resolved with is passed in, not loaded a second time.
 */
export function createAuditor(setup: AuditSetup, ruleSet: RuleSet = loadBuiltinRules(setup.ruleDirs)): Auditor {
  const rules: CompiledRule[] = ruleSet.rules.flatMap((rule) => {
    const level = setup.levels[`${rule.lang}/${rule.id}`];
    return level === undefined ? [] : [level === rule.level ? rule : { ...rule, level }];
  });
  return (text, line) => {
    if (text.trim() === '') return { line, findings: [], linted: false, notices: [] };
    const parsed = parseRecordLine(text, setup.fields);
    if (!parsed.ok) return { line, findings: [], linted: false, notices: [`${parsed.reason}, skipped`] };
    const { record } = parsed;
    const diagnostics = lintPlainText(
      {
        name: `line ${line}`,
        text: record.reply,
        lang: setup.lang,
        inReplyTo: record.inReplyTo,
        timing: record.timing,
        settings: setup.settings,
      },
      ruleSet,
      rules,
    );
    const outcome: LineOutcome = { line, findings: [], linted: true, notices: record.warnings };
    if (diagnostics.length === 0) return outcome;
    outcome.findings = diagnostics.map((d) => ({ rule: d.rule, tip: d.tip, level: d.level }));
    const findings = diagnostics.map(({ file: _file, ...rest }) => rest);
    outcome.output = JSON.stringify({ line, id: record.id, findings });
    return outcome;
  };
}
