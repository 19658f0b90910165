import type { LineOutcome } from './auditor.js';

/** Counts for the end-of-audit table: per rule and per tip, replies flagged and findings. */
export class AuditSummary {
  replies = 0;
  flagged = 0;
  badLines = 0;
  private readonly byRule = new Map<string, { tip: number; replies: number; findings: number }>();
  private readonly byTip = new Map<number, number>();

  add(outcome: LineOutcome): void {
    if (!outcome.linted) {
      if (outcome.notices.length > 0) this.badLines++;
      return;
    }
    this.replies++;
    if (outcome.findings.length > 0) this.flagged++;
    for (const rule of new Set(outcome.findings.map((f) => f.rule))) {
      const entry = this.byRule.get(rule) ?? {
        tip: outcome.findings.find((f) => f.rule === rule)!.tip,
        replies: 0,
        findings: 0,
      };
      entry.replies++;
      this.byRule.set(rule, entry);
    }
    for (const finding of outcome.findings) this.byRule.get(finding.rule)!.findings++;
    for (const tip of new Set(outcome.findings.map((f) => f.tip))) this.byTip.set(tip, (this.byTip.get(tip) ?? 0) + 1);
  }

  /** Two plain-text tables (per rule, per tip); shares are of the replies linted, bad lines left out. */
  format(): string {
    const share = (n: number) => `${this.replies ? ((100 * n) / this.replies).toFixed(1) : '0.0'}%`;
    const rules = [...this.byRule].sort(
      (a, b) => a[1].tip - b[1].tip || b[1].replies - a[1].replies || (a[0] < b[0] ? -1 : 1),
    );
    const ruleRows = rules.map(([rule, c]) => [
      String(c.tip),
      rule,
      String(c.replies),
      share(c.replies),
      String(c.findings),
    ]);
    const tipRows = [...this.byTip].sort((a, b) => a[0] - b[0]).map(([tip, n]) => [String(tip), String(n), share(n)]);
    const head =
      `${this.replies} replies audited, ${this.flagged} flagged (${share(this.flagged)})` +
      (this.badLines ? `, ${this.badLines} bad line${this.badLines === 1 ? '' : 's'} skipped` : '');
    if (ruleRows.length === 0) return `${head}\n`;
    return [
      head,
      '',
      table([['tip', 'rule', 'replies', 'share', 'findings'], ...ruleRows]),
      '',
      table([['tip', 'replies', 'share'], ...tipRows]),
      '',
    ].join('\n');
  }
}

/** Columns padded to their widest cell; text columns (rule names) left-aligned, numbers right. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const isText = rows[0]!.map((_, i) => rows.slice(1).some((r) => !/^[\d.%]*$/.test(r[i]!)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (isText[i] ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
