import { existsSync } from 'node:fs';
import { writeReport } from '../report/write.js';
import { UsageError } from '../core/errors.js';

export const INIT_FILE = '.replylintrc.yml';

/**
 * What `replylint init` writes: every setting a team decides once (who signs, in which voice,
 * how fast it answers, which product names are not jargon), commented, with the defaults
 * visible. It is a valid configuration as written; uncommenting a line turns a setting on.
 */
export const INIT_TEMPLATE = `# replylint configuration for the team (see the README, section Configuration).
# Lines starting with # are comments: uncomment a line to use it.

# How the team signs, and its official accounts: wrong-account flags a reply signed as another
# brand; voice-mix flags "I" and "we" mixed when the brand speaks as "we".
brand:
  # name: Acme Support          # your team's name, as it signs
  # handles: ["@acme"]          # your official accounts
  voice: we                     # we | I

# Your response-time target, in minutes (slow-response flags a reply sent later than this;
# it needs the reply's received_at / sent_at, or --now).
responseTargetMinutes: 60

# Words and phrases the team accepts: product names that look like shouting or jargon.
vocabulary: []
# vocabulary: ["ROCKET BOX", FastTrack]

# Rule levels, by rule id or family: off | suggestion | warning | error (replylint rules lists them).
rules: {}
#   corporate-jargon: warning
#   exclamation-overload: off

# Files not linted (gitignore-style globs, relative to this file); .replylintignore works too.
# ignore: ["archive/**"]

# Canned replies hold placeholders on purpose: lint them in template mode.
# overrides:
#   - files: ["templates/**"]
#     mode: template
`;

/** `replylint init [--force]`: writes .replylintrc.yml in the current folder. */
export function initCommand(options: { force?: boolean }): number {
  if (existsSync(INIT_FILE) && !options.force)
    throw new UsageError(`${INIT_FILE} already exists (--force overwrites it)`);
  writeReport(INIT_FILE, INIT_TEMPLATE);
  process.stdout.write(`wrote ${INIT_FILE}: set your brand name and accounts, then run replylint on your replies\n`);
  return 0;
}
