import { readFileSync, writeFileSync } from 'node:fs';
import { requiredAnchors } from '../engine/anchors.js';
import { alternationBranches, BoundedPattern, recordPatterns, useAnchorTable } from '../engine/patterns.js';

/**
 * Build-time table of the built-in patterns' literal anchors (see src/engine/anchors.ts), keyed by
 * the pattern and its flags: a pattern edited after the build simply misses and is analysed at
 * run time, so the table can never give a stale answer.
 */
export const ANCHOR_TABLE_FILE = new URL('../pattern-anchors.json', import.meta.url);

/** Lets the engine use the table, read on the first pattern that runs (never for `rules`, `explain`...). */
let installed = false;

export function installAnchorTable(): void {
  if (installed) return;
  installed = true;
  let table: Map<string, string[]> | undefined;
  useAnchorTable((source) => {
    if (table === undefined) {
      try {
        table = new Map(Object.entries(JSON.parse(readFileSync(ANCHOR_TABLE_FILE, 'utf8')) as Record<string, string[]>));
      } catch {
        table = new Map(); // no table (a source checkout before its build): analysed as they run
      }
    }
    return table.get(source);
  });
}

/** Writes the table for every pattern compiled while `load` runs. */
export function writeAnchorTable(load: () => void): number {
  const table: Record<string, string[]> = {};
  for (const pattern of recordPatterns(load)) {
    // A long alternation is also checked branch by branch (BoundedPattern.branches).
    const branches = (alternationBranches(pattern.expanded) ?? []).map((part) => new BoundedPattern(part, pattern.flags, true));
    for (const p of [pattern, ...branches]) table[p.anchorKey] ??= requiredAnchors(p.runSource);
  }
  writeFileSync(ANCHOR_TABLE_FILE, JSON.stringify(table));
  return Object.keys(table).length;
}
