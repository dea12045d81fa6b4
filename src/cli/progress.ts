/**
 * The progress line: one updating line on stderr while inputs are read (bytes read of total,
 * DM messages found so far). Only when `io.progress` is set, that is on a terminal and not in CI
 * (src/cli/io.ts): never in pipes or CI logs.
 */
import type { CliIO } from './io.js';
import type { ReadContext } from '../sources/types.js';
import { formatBytes } from '../report/summary.js';

/** Smallest interval between two redraws (ms). */
const REDRAW_MS = 100;

export interface Progress {
  /** Clears the line (call once reading is over, before printing anything else on stderr). */
  done(): void;
}

/** The text of the line. */
export function progressText(input: string, read: number, total: number | undefined, messages: number): string {
  const of =
    total !== undefined && total > 0
      ? ` of ${formatBytes(total)} (${Math.min(100, Math.floor((read / total) * 100))}%)`
      : '';
  return `reading ${input}: ${formatBytes(read)}${of}, ${messages} DM message${messages === 1 ? '' : 's'}`;
}

/**
 * Sets `ctx.progress` to draw the line on `io.stderr` (at most every 100 ms, and always at the end
 * of an input). Does nothing, and returns a no-op, when `io.progress` is false.
 */
export function attachProgress(io: CliIO, ctx: ReadContext, now: () => number = Date.now): Progress {
  if (!io.progress) return { done() {} };
  let last = -Infinity;
  let drawn = false;
  const columns = (io.stderr as { columns?: number }).columns ?? 80;
  ctx.progress = (input, read, total) => {
    const t = now();
    const end = total !== undefined && read >= total;
    if (!end && t - last < REDRAW_MS) return;
    last = t;
    const line = progressText(input, read, total, ctx.summary.dmMessages).slice(0, Math.max(10, columns - 1));
    io.stderr.write(`\r\x1b[2K${line}`);
    drawn = true;
  };
  return {
    done() {
      if (drawn) io.stderr.write('\r\x1b[2K');
      drawn = false;
      delete ctx.progress;
    },
  };
}
