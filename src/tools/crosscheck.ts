/**
 * node dist/tools/crosscheck.js --rule ID [--rule ID...] [--brand NAME] [--voice we|I] [--sent-at ISO] [--verbose] [DIR]
 *
 * False-positive scan for new rules: runs the chosen rules (both languages) over the replies of
 * DIR/replies.jsonl (default ../shared/eval, each with its in_reply_to) and over the `pass`
 * examples of every rule (with their own in_reply_to, timing and settings; a rule is not run on
 * its own examples, the examples test does that). None of those
 * replies is labelled for the chosen rules, so every finding is a candidate false positive to
 * read. --brand and --voice add brand settings, and --sent-at a sending time to replies that have
 * none, so that rules that need them run at all.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Settings } from '../engine/rule.js';
import { detectLanguage } from '../lang/detect.js';
import { lintText } from '../lint.js';
import { loadBuiltinRules } from '../rules/builtin.js';

interface Case {
  source: string;
  /** The rule whose pass example this is: it is not run on it. */
  owner?: string;
  text: string;
  inReplyTo?: string;
  settings?: Settings;
  timing?: { receivedAt?: Date; sentAt?: Date };
  lang?: 'en' | 'fr';
}

const args = process.argv.slice(2);
const valuesOf = (flag: string) => args.flatMap((a, i) => (a === flag && args[i + 1] ? [args[i + 1]!] : []));
const chosen = new Set(valuesOf('--rule'));
const brandName = valuesOf('--brand')[0];
const voice = valuesOf('--voice')[0] as 'we' | 'I' | undefined;
const sentAt = valuesOf('--sent-at')[0];
const verbose = args.includes('--verbose');
const dir = resolve(args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? '../shared/eval');

const ruleSet = loadBuiltinRules();
const selected = ruleSet.rules.filter((r) => chosen.has(r.id) || chosen.has(r.family));
if (selected.length === 0) {
  console.error(
    'usage: crosscheck --rule ID [--rule ID...] [--brand NAME] [--voice we|I] [--sent-at ISO] [--verbose] [DIR]',
  );
  process.exit(2);
}

function withBrand(settings: Settings | undefined): Settings | undefined {
  if (!brandName && !voice) return settings;
  return {
    ...settings,
    brand: { ...settings?.brand, ...(brandName ? { name: brandName } : {}), ...(voice ? { voice } : {}) },
  };
}

function evalCases(): Case[] {
  const file = join(dir, 'replies.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      const r = JSON.parse(line) as { id: string; reply: string; in_reply_to: string | null };
      return { source: `eval ${r.id}`, text: r.reply, inReplyTo: r.in_reply_to ?? undefined };
    });
}

function passExampleCases(): Case[] {
  return ruleSet.rules.flatMap((r) =>
    r.examples.pass.map((e) => ({
      source: `pass ${r.lang}/${r.id}`,
      owner: r.id,
      text: e.reply,
      inReplyTo: e.in_reply_to,
      settings: e.settings,
      timing: e.timing,
      lang: r.lang,
    })),
  );
}

async function scan(label: string, cases: Case[]): Promise<void> {
  const counts = new Map<string, number>(selected.map((r) => [`${r.lang}/${r.id}`, 0]));
  for (const c of cases) {
    const rules = selected.filter((r) => r.id !== c.owner);
    const found = await lintText(
      {
        name: c.source,
        text: c.text,
        lang: c.lang,
        inReplyTo: c.inReplyTo,
        settings: withBrand(c.settings),
        timing: c.timing ?? (sentAt ? { sentAt: new Date(sentAt) } : undefined),
      },
      ruleSet,
      rules,
    );
    const lang = c.lang ?? detectLanguage(c.text);
    for (const d of found) {
      const key = `${lang}/${d.rule}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (verbose)
        console.log(
          `  ${c.source}: ${d.rule} '${d.match.replace(/\s+/gu, ' ')}' in: ${c.text.replace(/\s+/gu, ' ').slice(0, 90)}`,
        );
    }
  }
  console.log(`${label} (${cases.length} replies): findings per rule`);
  for (const [key, n] of [...counts].sort()) console.log(`  ${key.padEnd(32)} ${n}`);
}

await scan(`eval replies in ${dir}`, evalCases());
await scan('pass examples of every rule (each rule skips its own)', passExampleCases());
