/**
 * `dmtrace docs` (hidden): prints docs/rules.md, generated from the rule registry.
 * `npm run docs` runs it into docs/rules.md; test/rules/docs.test.ts fails when that file is stale.
 */
import type { Command } from 'commander';
import { renderRulesMarkdown } from '../rules/docs.js';
import { rules } from '../rules/index.js';
import type { CliIO } from './io.js';

export function register(program: Command, io: CliIO): void {
  program
    .command('docs', { hidden: true })
    .description('print the rules reference (docs/rules.md) generated from the rule registry')
    .action(() => {
      io.stdout.write(renderRulesMarkdown(rules));
    });
}
