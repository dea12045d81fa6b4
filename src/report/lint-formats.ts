/** The lint output formats by name (a static table: no formatter is loaded from a path built from its name). */
import { formatGithub, githubWriter } from './lint-github.js';
import { formatJson, jsonWriter } from './lint-json.js';
import { formatJunit, junitWriter } from './lint-junit.js';
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
 * Every format written as the run goes (README "What streams"): nothing of a session is kept
 * after it is linted, but JUnit's testcases wait in a spool for the counts of their testsuite's
 * start tag (src/report/lint-junit.ts).
 */
export const lintWriters: Record<LintFormatName, LintWriterFactory> = {
  stylish: stylishWriter,
  json: jsonWriter,
  sarif: sarifWriter,
  junit: junitWriter(),
  github: githubWriter,
};
