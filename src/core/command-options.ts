import type { Command } from 'commander';

/** Commander's parser for a repeatable option: each use adds a value to the list. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * The rule selection every linting front end takes (the default command, `audit`, `lsp`,
 * `serve`): `--rules`, `--rule`, `--disable`, each repeatable, with one wording everywhere.
 */
export function withRuleSelection(command: Command): Command {
  return command
    .option('--rules <dir>', 'a folder of your own YAML rules (repeatable)', collect, [])
    .option('--rule <id>', 'run only this rule or rule family (repeatable)', collect, [])
    .option('--disable <id>', 'do not run this rule or rule family (repeatable)', collect, []);
}
