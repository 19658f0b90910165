/**
 * Build step (npm run build, after the bundle): runs the CLI once on a typical pre-send check
 * (an English and a French draft answering a complaint), with REPLYLINT_WRITE_CODE_CACHE=1, so
 * that bin/replylint.js saves V8's code cache of dist/bundle/replylint.cjs with the functions
 * that run compiled. A later run with the same bytes and the same V8 starts from it; any other
 * run compiles as usual (see bin/replylint.js).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../core/package.js';

const dir = mkdtempSync(join(tmpdir(), 'replylint-code-cache-'));
try {
  const files = {
    'message.txt': 'My parcel is two weeks late and nobody answers my emails. Unacceptable.',
    'draft-en.txt': 'Hi Alex, deliveries can take time, please read our FAQ before posting. Thanks!',
    'draft-fr.txt':
      'Bonjour, nous allons vérifier votre commande. Pouvez-vous nous envoyer votre numéro en message privé ?',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const args = [
    join(PACKAGE_ROOT, 'bin/replylint.js'),
    '--in-reply-to',
    join(dir, 'message.txt'),
    join(dir, 'draft-en.txt'),
    join(dir, 'draft-fr.txt'),
  ];
  const run = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', REPLYLINT_WRITE_CODE_CACHE: '1' },
  });
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`the code-cache run failed (exit ${run.status}): ${run.stderr}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
