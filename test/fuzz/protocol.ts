/** What the fuzz harness (test/fuzz/fuzz.ts) and its workers (test/fuzz/worker.ts) send each other. */

export interface WorkRequest {
  id: number;
  base: string;
  bytes: Uint8Array;
  /** A CLI command to run on the input too (its arguments before the input). */
  cli?: string[];
  /** Render every report format after the pipeline (default true). */
  render?: boolean;
  /**
   * For the harness's own tests: before reading, keep the CPU busy (`spin`) or wait idle (`idle`)
   * this many ms, or allocate `retainMb` MB that the worker keeps (what earlier inputs leave).
   */
  stall?: { spin?: number; idle?: number; retainMb?: number };
}

export interface WorkResult {
  id: number;
  violations: string[];
  ms: number;
  /** CPU time the worker spent on the input (user + system): what the slow judge uses, as it hardly moves with machine load. */
  cpuMs: number;
  rss: number;
  heap: number;
  problems: number;
  sessions: number;
  /** Lint findings plus input problems: output the renderings write, which the slow judge allows for. */
  findings: number;
  exit?: number;
}

/** The commands the parent rotates through. `-` reads the input from stdin. */
export const CLI_COMMANDS: readonly string[][] = [
  ['lint'],
  ['lint', '--format', 'sarif'],
  ['lint', '--format', 'json'],
  ['decode'],
  ['decode', '--format', 'json'],
  ['sessions', '--format', 'json'],
  ['sessions', '--format', 'ladder'],
  ['scr', '--format', 'json'],
  ['lint', '--format', 'junit', '-'],
];
