/**
 * What every input reader is given (src/sources): where to count, where to report, and the limits
 * against hostile input. The exchanges they produce and the problems they report are the model
 * (src/model/exchange.ts, src/model/problem.ts).
 */
import type { InputProblem } from '../model/problem.js';
import { newSummary, type InputRead, type Summary } from '../model/exchange.js';
import { isPartial } from '../model/problem-codes.js';

/** Passed to every reader: where to count and where to report. Readers never throw for bad input. */
export interface ReadContext {
  summary: Summary;
  report(p: InputProblem): void;
  /** Called now and then with bytes read so far of `total` (for the terminal progress line). */
  progress?(input: string, read: number, total: number | undefined): void;
  /** Limits against hostile input. */
  limits: Limits;
  /** Per input, what it gave (src/sources/index.ts opens an entry per file, in reading order). */
  reads: Map<string, InputRead>;
}

export interface Limits {
  /** Largest HTTP body kept (bytes). */
  maxBodySize: number;
  /** Deepest element nesting accepted by the XML and WBXML readers. */
  maxDepth: number;
  /** Largest single decoded document (bytes). */
  maxDocumentSize: number;
  /** Largest HAR file, which is parsed whole (bytes); default 256 MiB (src/sources/har.ts). */
  maxHarSize?: number;
}

export const defaultLimits: Limits = { maxBodySize: 16 * 1024 * 1024, maxDepth: 64, maxDocumentSize: 16 * 1024 * 1024 };

export function newReadContext(report: (p: InputProblem) => void = () => {}): ReadContext {
  const summary = newSummary();
  const reads = new Map<string, InputRead>();
  return {
    summary,
    report(p) {
      countProblem(summary, reads, p);
      report(p);
    },
    limits: { ...defaultLimits },
    reads,
  };
}

/** What a problem adds to the counts of a read: the summary's problems, its input's errors and partial reads. */
export function countProblem(summary: Summary, reads: ReadonlyMap<string, InputRead>, p: InputProblem): void {
  summary.problems++;
  const read = reads.get(p.input);
  if (!read) return;
  if (p.severity === 'error') read.errors++;
  if (isPartial(p.code) && read.partial++ === 0) {
    read.firstPartial = { code: p.code, message: p.message };
    for (const k of ['frame', 'entry', 'line', 'offset'] as const) if (p[k] !== undefined) read.firstPartial[k] = p[k];
  }
}
