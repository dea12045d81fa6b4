/** The lint output formats by name (a static table: no formatter is loaded from a path built from its name). */
import { formatGithub, githubWriter } from './lint-github.js';
import { formatJson, jsonWriter } from './lint-json.js';
import { formatJunit } from './lint-junit.js';
import { formatSarif, sarifWriter } from './lint-sarif.js';
import { formatStylish, stylishWriter } from './lint-stylish.js';
import type { LintFormatter, LintWriterFactory } from './lint-types.js';

export const lintFormats = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
} as const satisfies Record<string, LintFormatter>;

export type LintFormatName = keyof typeof lintFormats;
export const lintFormatNames = Object.keys(lintFormats) as LintFormatName[];

/**
 * The formats written as the run goes (README "What streams"). JUnit is not among them: each
 * testsuite's counts are attributes of its start tag, known only when all of its sessions are.
 */
export const lintWriters: Partial<Record<LintFormatName, LintWriterFactory>> = {
  stylish: stylishWriter,
  json: jsonWriter,
  sarif: sarifWriter,
  github: githubWriter,
};
