import { Option, type Command } from 'commander';
import { LANGS, type Lang } from '../lang/detect.js';
import { withRuleSelection } from '../core/command-options.js';

export interface LspCommandOptions {
  stdio?: boolean;
  config?: string;
  rules: string[];
  rule: string[];
  disable: string[];
  lang?: Lang;
}

/** Registers `replylint lsp`; the language server and its packages load only when it runs. */
export function registerLspCommand(program: Command): void {
  withRuleSelection(
    program
      .command('lsp')
      .description('a Language Server Protocol server for editors, over stdio: diagnostics as you type, quick fixes')
      .option('--stdio', 'talk LSP over stdin/stdout (the default and only transport)')
      .option('-c, --config <file>', 'use this configuration file for every document instead of the nearest one'),
  )
    .addOption(new Option('--lang <lang>', 'language of the replies (default: detected)').choices(LANGS))
    .action(async (options: LspCommandOptions) => {
      const { startLanguageServer } = await import('./server.js');
      startLanguageServer({
        config: options.config,
        rulesDirs: options.rules,
        only: options.rule,
        disabled: options.disable,
        lang: options.lang,
      });
    });
}
