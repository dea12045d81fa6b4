/**
 * What every lint reporter shares (Spectral style: one pure function per format,
 * `(result, options) => string`, one file each): the options, relative input paths, and the
 * ladder position of a finding (`#3 Pkg3 client→server`).
 */
import path from 'node:path';
import type { LintedSession, LintResult } from '../rules/engine.js';
import type { Finding, Rule } from '../rules/types.js';

export interface LintFormatOptions {
  /** Directory input paths are made relative to (SARIF, GitHub, JUnit name files relative to the repository). */
  cwd: string;
  /** ANSI colors (stylish only). */
  color?: boolean;
  /** Every registered rule (SARIF lists them all in tool.driver.rules). */
  rules: readonly Rule[];
  /** dmtrace's version (package.json). */
  version: string;
}

export type LintFormatter = (result: LintResult, opts: LintFormatOptions) => string;

/** An input path relative to `cwd` with forward slashes; `-` (stdin) stays `-`; a path outside cwd stays absolute. */
export function relativeInput(input: string, cwd: string): string {
  if (input === '-' || input === '') return input;
  const abs = path.resolve(cwd, input);
  const rel = path.relative(cwd, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return abs.split(path.sep).join('/');
  return rel.split(path.sep).join('/');
}

/** Sessions by id (ids are unique within a read). */
export function sessionIndex(result: LintResult): Map<string, LintedSession> {
  return new Map(result.sessions.map((s) => [s.id, s]));
}

const arrow = { client: 'client→server', server: 'server→client' } as const;

/** The ladder position of a finding: `#3 Pkg3 client→server` (1-based row), `#5 Pkg3.2 …` for a later iteration, or `session`. */
export function ladderPosition(f: Finding, session: LintedSession | undefined): string {
  const i = f.location.messageIndex;
  if (i === undefined) return 'session';
  const m = session?.messages[i];
  if (!m) return `#${i + 1}`;
  const pkg = m.package === undefined ? 'Pkg?' : `Pkg${m.package}${m.iteration > 1 ? `.${m.iteration}` : ''}`;
  return `#${i + 1} ${pkg} ${arrow[m.direction]}`;
}

/** Where in the input: `frame 8`, `entry 3`, `line 42`, or ''. */
export function inputPosition(f: Finding): string {
  const l = f.location;
  if (l.frame !== undefined) return `frame ${l.frame}`;
  if (l.entry !== undefined) return `entry ${l.entry}`;
  if (l.line !== undefined) return `line ${l.line}`;
  return '';
}
