/**
 * A problem met while decoding or reading input: what and where. Problems never throw; they are
 * collected, counted in the summary and shown after what could be decoded.
 */
import type { ProblemCode, SeverityOf } from './problem-codes.js';

export type Severity = 'error' | 'warning' | 'info';
export type { ProblemCode } from './problem-codes.js';

export interface Problem {
  severity: Severity;
  /** Stable kebab-case id declared in src/model/problem-codes.ts, e.g. `wbxml-unknown-token`, `capture-cut`. */
  code: ProblemCode;
  message: string;
  /** Byte offset in the decoded unit (WBXML document, capture file). */
  offset?: number;
  /** 1-based line and column (XML, logs). */
  line?: number;
  column?: number;
  /** Element path, e.g. `SyncBody/Replace[CmdID=3]/Item[2]`. */
  path?: string;
}

/** A problem located in an input: file, then frame / entry / line / offset (docs/architecture.md "Data flows one way"). */
export interface InputProblem extends Problem {
  input: string;
  frame?: number;
  entry?: number;
}

/** A problem of a declared code, at a severity the catalogue allows for it (both checked by the compiler). */
export function problem<C extends ProblemCode>(
  severity: SeverityOf<C>,
  code: C,
  message: string,
  where: Omit<Problem, 'severity' | 'code' | 'message'> = {},
): Problem {
  return { severity, code, message, ...where };
}

/** One line: `offset 12: message` / `line 3:5: message` / `SyncBody/Get[CmdID=2]: message`. */
export function formatWhere(p: Problem): string {
  const parts: string[] = [];
  if (p.line !== undefined) parts.push(p.column !== undefined ? `line ${p.line}:${p.column}` : `line ${p.line}`);
  if (p.offset !== undefined) parts.push(`offset 0x${p.offset.toString(16).padStart(2, '0')}`);
  if (p.path) parts.push(p.path);
  return parts.join(', ');
}

/** `v` in double quotes with every control character escaped (JSON's escapes, and \u for C1, U+2028 and U+2029): a value shown in a one-line problem. */
export function quoted(v: string): string {
  return JSON.stringify(v).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
