/** The lint output formats by name (a static table: no formatter is loaded from a path built from its name). */
import { formatGithub } from './lint-github.js';
import { formatJson } from './lint-json.js';
import { formatJunit } from './lint-junit.js';
import { formatSarif } from './lint-sarif.js';
import { formatStylish } from './lint-stylish.js';
import type { LintFormatter } from './lint-types.js';

export const lintFormats = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
} as const satisfies Record<string, LintFormatter>;

export type LintFormatName = keyof typeof lintFormats;
export const lintFormatNames = Object.keys(lintFormats) as LintFormatName[];
