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
  /**
   * Takes the secrets out of text (lint --credentials). The CLI applies it to all it writes; a
   * writer that keeps text for later in a temporary file (src/report/spool.ts) applies it before,
   * so that no secret reaches the disk.
   */
  redact?: (text: string) => string;
}

export type LintFormatter = (result: LintResult, opts: LintFormatOptions) => string;

/**
 * A report written as the run goes (README "What streams"): each session's findings when the
 * engine has linted it, then what is only known at the end (input problems, crashes, the summary).
 * Nothing of a session is kept after its call.
 */
export interface LintWriter {
  /** The findings of one session, all of them at once; `session` is undefined when the result does not hold it. */
  session(findings: readonly Finding[], session: LintedSession | undefined): void;
  /** Every input read: the input problems, crashes and summary of `result` (whose sessions and findings may be empty). */
  end(result: LintResult): void;
}

export type LintWriterFactory = (write: (text: string) => void, opts: LintFormatOptions) => LintWriter;

/**
 * The in-memory formatter of a writer: each session of the result with its findings, in order
 * (then findings of sessions the result does not hold, by session), then the end. A run streamed
 * through the same writer gives the same bytes: the engine hands on each session with all of its
 * findings, in the order it adds them to a result.
 */
export function formatWith(make: LintWriterFactory): LintFormatter {
  return (result, opts) => {
    const parts: string[] = [];
    const w = make((t) => parts.push(t), opts);
    const bySession = new Map<string, Finding[]>();
    for (const f of result.findings) {
      let list = bySession.get(f.session);
      if (!list) bySession.set(f.session, (list = []));
      list.push(f);
    }
    for (const s of result.sessions) {
      w.session(bySession.get(s.id) ?? [], s);
      bySession.delete(s.id);
    }
    for (const findings of bySession.values()) w.session(findings, undefined);
    w.end(result);
    return parts.join('');
  };
}

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
