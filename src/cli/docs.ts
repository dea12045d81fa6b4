/**
 * `dmtrace docs` (hidden): prints docs/rules.md, generated from the rule registry; `--problems`
 * prints docs/problems.md, generated from the problem-code catalogue. `npm run docs` writes both;
 * test/rules/docs.test.ts and test/model/problem-codes.test.ts fail when they are stale.
 */
import type { Command } from 'commander';
import { renderProblemCodesMarkdown } from '../report/problem-codes-md.js';
import { renderRulesMarkdown } from '../rules/docs.js';
import { rules } from '../rules/index.js';
import type { CliIO } from './io.js';

export function register(program: Command, io: CliIO): void {
  program
    .command('docs', { hidden: true })
    .description('print the rules reference (docs/rules.md) generated from the rule registry')
    .option('--problems', 'print the problem codes (docs/problems.md) generated from their catalogue instead')
    .action((flags: { problems?: boolean }) => {
      io.stdout.write(flags.problems ? renderProblemCodesMarkdown() : renderRulesMarkdown(rules));
    });
}
