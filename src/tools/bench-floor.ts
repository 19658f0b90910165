/**
 * node dist/tools/bench-floor.js FILE.jsonl: the floor of an audit on this machine, as a whole
 * process like `replylint audit`: read the file, parse every line (JSON.parse), lower-case the
 * reply and the message it answers, and walk the candidate index's automaton (every anchor of
 * both languages' built-in patterns) once over each. Nothing is matched, reported or written:
 * it is what any engine of this design pays before deciding anything, so `npm run bench` prints
 * it beside the audit's own figure (the distance to the limit).
 */
import { readFileSync } from 'node:fs';
import { CandidateIndex, lowerText } from '../engine/pattern/index.js';
import { readAnchorTable } from '../rules/anchor-table.js';

const file = process.argv[2]!;
const index = new CandidateIndex();
// One subscriber per anchor set of the tables: the walk follows every posting, as in an audit.
const subscribers = ['en', 'fr'].flatMap((lang) => {
  const table = readAnchorTable(lang);
  return table
    .keys()
    .map((key) => table.anchors(key)!)
    .filter((anchors) => anchors.length > 0)
    .map((anchors) => index.subscribe(anchors));
});
let texts = 0;
let candidates = 0;
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (line.trim() === '') continue;
  const record = JSON.parse(line) as { reply?: string; text?: string; in_reply_to?: string };
  for (const text of [record.reply ?? record.text, record.in_reply_to]) {
    if (typeof text !== 'string') continue;
    texts++;
    // One question walks the text; the answer is counted so that the walk cannot be skipped.
    if (index.holds(lowerText(text), subscribers[0]!)) candidates++;
  }
}
process.stdout.write(`${JSON.stringify({ texts, candidates })}\n`);
