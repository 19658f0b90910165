/**
 * Runs a peer linter over a JSONL corpus, one reply at a time through its API, as `replylint
 * audit` does: node dist/tools/bench-peer.js alex|write-good FILE. Prints replies and messages.
 */
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

const [peer, file] = process.argv.slice(2);
const require = createRequire(import.meta.url);

async function checker(name: string | undefined): Promise<(text: string) => number> {
  if (name === 'alex') {
    const { text } = (await import('alex')) as { text: (value: string) => { messages: unknown[] } };
    return (value) => text(value).messages.length;
  }
  if (name === 'write-good') {
    const writeGood = require('write-good') as (value: string) => unknown[];
    return (value) => writeGood(value).length;
  }
  throw new Error(`unknown peer ${name} (alex or write-good)`);
}

const check = await checker(peer);
let replies = 0;
let messages = 0;
for await (const line of createInterface({ input: createReadStream(file!), crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  const record = JSON.parse(line) as { reply?: string; text?: string };
  replies++;
  messages += check(record.reply ?? record.text ?? '');
}
process.stdout.write(`${JSON.stringify({ peer, replies, messages })}\n`);
