/**
 * `--jobs N` of lint, scr, sessions and decode (README "--jobs"): N worker threads
 * (src/cli/jobs-worker.ts) each read every input, and each decodes, assembles and lints the
 * sessions of its share of the device shards (src/session/shard.ts: shard s is worker s mod N's;
 * decode only decodes its share's exchanges). Everything bounded or remembered across
 * sessions is kept per device shard, so a worker's sessions are the ones one process finds, and
 * each comes with an order key (SessionAssembler.orderKey) that merges the workers' streams into
 * the order one process hands them on. Problems carry keys too: the report is the one `--jobs 1`
 * writes, byte for byte (test/cli/jobs.test.ts).
 */
import { availableParallelism } from 'node:os';
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Credentials } from '../auth/credentials.js';
import type { InputRead, Summary } from '../model/exchange.js';
import type { InputProblem } from '../model/problem.js';
import type { LintConfig } from '../rules/config.js';
import type { LintedSession, RuleCrash } from '../rules/engine.js';
import type { Finding } from '../rules/types.js';
import type { ScrObserved } from '../rules/scr.js';
import type { SessionShown, ShowOptions } from './sessions.js';
import type { DecodedShown, DecodeShow } from './decode.js';
import { compareOrderKeys, DEVICE_SHARDS } from '../session/shard.js';
import { countProblem, newReadContext, type ReadContext } from '../sources/types.js';
import type { CliIO } from './io.js';
import { attachProgress } from './progress.js';

/** What a worker is given (workerData): the command whose per-session work it does, and that command's options. */
export interface WorkerJob {
  command: 'lint' | 'scr' | 'sessions' | 'decode';
  inputs: string[];
  worker: number;
  workers: number;
  shards: number;
  /** lint, scr */
  config?: LintConfig;
  credentials?: Credentials;
  quiet?: boolean;
  /** decode */
  decode?: DecodeShow;
  /** sessions */
  show?: ShowOptions;
  idleMs?: number;
}

/** A session as a worker hands it on (linted, observed for scr, or made into what `sessions` prints), and where it goes among all workers' (compareOrderKeys). */
export type WorkerSession = { key: number[] } & (
  | { linted: LintedSession; findings: Finding[]; crashes: RuleCrash[] }
  | { observed: ScrObserved; inputs: string[]; findings: Finding[]; crashes: RuleCrash[] }
  | { shown: SessionShown }
  | { decoded: DecodedShown }
);

/**
 * A problem, where it goes among all workers'; `untaken`: a vote that a Package 0 notification is
 * unanswered; `uncounted`: a decoded message's error, which decode writes to stderr but the summary
 * does not count as an input problem.
 */
export interface WorkerProblem {
  key: number[];
  problem: InputProblem;
  untaken?: number;
  uncounted?: true;
}

export type FromWorker =
  /** `pushed`: the exchanges the worker has pushed; every session it has still to post comes after them. */
  | { type: 'batch'; sessions: WorkerSession[]; problems: WorkerProblem[]; pushed: number }
  | { type: 'progress'; input: string; read: number; total: number | undefined; dmMessages: number }
  /** `undecodable`: the DM bodies this worker decoded that are no message (the summary's count adds the readers'). */
  | { type: 'done'; summary: Summary; reads: InputRead[]; undecodable: number }
  /** A bug in a worker: the CLI says `internal error`, with the stack only under --debug. */
  | { type: 'error'; message: string; stack: string };

/** Below this much input (regular files only) `--jobs auto` is 1: starting workers costs more than they save. */
export const AUTO_JOBS_MIN_BYTES = 32 * 1024 * 1024;

/**
 * `--jobs`: a whole number from 1 (the default) to DEVICE_SHARDS, or `auto`: the available cores
 * (at most DEVICE_SHARDS) for 32 MiB or more of regular files, else 1. Stdin is read by one process.
 * Why 1 by default: README "--jobs" (on two cores two workers are slower than one process).
 */
export function parseJobs(value: string | undefined, inputs: readonly string[]): number | Error {
  if (value === undefined) return 1;
  if (value === 'auto') {
    if (inputs.some((i) => i === '-')) return 1;
    let bytes = 0;
    for (const i of inputs) {
      try {
        const st = statSync(i);
        if (!st.isFile()) return 1;
        bytes += st.size;
      } catch {
        return 1;
      }
    }
    return bytes >= AUTO_JOBS_MIN_BYTES ? Math.min(availableParallelism(), DEVICE_SHARDS) : 1;
  }
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > DEVICE_SHARDS)
    return new Error(
      `--jobs: expected auto or a whole number from 1 to ${DEVICE_SHARDS}, got ${JSON.stringify(value)}`,
    );
  if (Number(value) > 1 && inputs.includes('-'))
    return new Error('--jobs: stdin (-) is read by one process; use --jobs 1');
  return Number(value);
}

type Done = Extract<FromWorker, { type: 'done' }>;

/** What the workers found, put together as one process's read. */
export interface JobsRead {
  ctx: ReadContext;
  /** Every problem in the order one process reports it. */
  problems: InputProblem[];
  /** For decode: those and the messages' errors, in the order one process writes them to stderr. */
  stderr: InputProblem[];
}

/** The worker script: built next to this file (npm install builds dist/). */
const WORKER = new URL('../../dist/cli/jobs-worker.js', import.meta.url);

/**
 * Runs `workers` workers over the inputs; `onSession` gets every session they hand on (linted, or
 * shown) in the order one process hands them on, as soon as no worker can post one before it.
 */
export async function runWorkers(
  job: Omit<WorkerJob, 'worker' | 'workers' | 'shards'>,
  workers: number,
  io: CliIO,
  onSession: (s: WorkerSession) => void,
): Promise<JobsRead> {
  const progressCtx = newReadContext();
  const progress = attachProgress(io, progressCtx);
  const done: Array<Done | undefined> = new Array(workers).fill(undefined);
  const problems: WorkerProblem[] = [];
  const dmSoFar = new Array<number>(workers).fill(0);
  const merge = new OrderedMerge<WorkerSession>(workers, onSession);

  const threads = Array.from(
    { length: workers },
    (_, worker) =>
      new Worker(WORKER, {
        workerData: { ...job, worker, workers, shards: DEVICE_SHARDS } satisfies WorkerJob,
        stdout: false,
        stderr: false,
      }),
  );
  try {
    await Promise.all(
      threads.map(
        (t, w) =>
          new Promise<void>((resolve, reject) => {
            t.on('message', (m: FromWorker) => {
              try {
                if (m.type === 'batch') {
                  for (const p of m.problems) problems.push(p);
                  merge.add(w, m.sessions, m.pushed);
                } else if (m.type === 'progress') {
                  dmSoFar[w] = m.dmMessages;
                  progressCtx.summary.dmMessages = dmSoFar.reduce((a, b) => a + b, 0);
                  if (w === 0) progressCtx.progress?.(m.input, m.read, m.total);
                } else if (m.type === 'done') {
                  done[w] = m;
                  merge.end(w);
                  resolve();
                } else reject(Object.assign(new Error(`--jobs worker ${w}: ${m.message}`), { stack: m.stack }));
              } catch (err) {
                reject(err as Error);
              }
            });
            t.on('error', (err) => reject(new Error(`--jobs worker ${w}: ${err.message}`)));
            t.on('exit', (code) => {
              if (!done[w]) reject(new Error(`--jobs worker ${w} stopped (exit code ${code}) before it was done`));
            });
          }),
      ),
    );
  } finally {
    progress.done();
    await Promise.all(threads.map((t) => t.terminate()));
  }
  return joinReads(done as Array<Done>, problems, workers);
}

/**
 * The workers' streams of sessions merged into key order (compareOrderKeys): a session is handed on
 * once no worker still running can post one before it. Each worker's stream is in key order, and
 * with each batch a worker says how many exchanges it has pushed: all it posts later has keys past
 * that, so a worker whose devices have no session for a long stretch holds nothing up.
 */
export class OrderedMerge<T extends { key: readonly number[] }> {
  private readonly queues: T[][];
  private readonly heads: number[];
  private readonly pushed: number[];
  private readonly ended: boolean[];

  constructor(
    private readonly workers: number,
    private readonly emit: (item: T) => void,
  ) {
    this.queues = Array.from({ length: workers }, () => []);
    this.heads = new Array<number>(workers).fill(0);
    this.pushed = new Array<number>(workers).fill(0);
    this.ended = new Array<boolean>(workers).fill(false);
  }

  /** Worker `w`'s next items (in key order), and how many exchanges it has pushed so far. */
  add(w: number, items: readonly T[], pushed: number): void {
    for (const it of items) this.queues[w]!.push(it);
    this.pushed[w] = pushed;
    this.drain();
  }

  /** Worker `w` posts nothing more. */
  end(w: number): void {
    this.ended[w] = true;
    this.drain();
  }

  /** Items waiting (for a test, and a bound to watch). */
  get waiting(): number {
    return this.queues.reduce((n, q, w) => n + q.length - this.heads[w]!, 0);
  }

  private drain(): void {
    const { queues, heads } = this;
    for (;;) {
      let best = -1;
      for (let w = 0; w < this.workers; w++) {
        if (heads[w]! >= queues[w]!.length) continue;
        if (best < 0 || compareOrderKeys(queues[w]![heads[w]!]!.key, queues[best]![heads[best]!]!.key) < 0) best = w;
      }
      if (best < 0) return;
      const key = queues[best]![heads[best]!]!.key;
      for (let w = 0; w < this.workers; w++)
        if (!this.ended[w] && heads[w]! >= queues[w]!.length && key[0]! >= this.pushed[w]!) return;
      const q = queues[best]!;
      this.emit(q[heads[best]!]!);
      q[heads[best]!] = undefined as unknown as T;
      if (++heads[best]! > 1024 && heads[best]! * 2 > q.length) {
        q.splice(0, heads[best]!);
        heads[best] = 0;
      }
    }
  }
}

/**
 * One read out of the workers': worker 0's counts of what was read (every worker reads it all),
 * the DM messages and undecodable bodies each decoded, and the problems in key order, a Package 0
 * notification reported unanswered when no worker's devices answered it; the problem counts are
 * made again from them.
 */
function joinReads(done: Array<Done>, all: WorkerProblem[], workers: number): JobsRead {
  const first = done[0]!;
  // The readers' undecodable bodies (HAR, logs) are every worker's; the decoded ones each worker's own.
  const summary: Summary = { ...first.summary, dmMessages: 0, undecodable: first.summary.undecodable, problems: 0 };
  const reads = new Map<string, InputRead>();
  for (const r of first.reads) {
    const copy: InputRead = { ...r, dmMessages: 0, errors: 0, partial: 0 };
    delete copy.firstPartial;
    reads.set(r.input, copy);
  }
  for (const d of done) {
    summary.dmMessages += d.summary.dmMessages;
    if (d !== first) summary.undecodable += d.undecodable;
    for (const r of d.reads) {
      const mine = reads.get(r.input);
      if (mine) mine.dmMessages += r.dmMessages;
    }
  }
  const votes = new Map<number, number>();
  const kept: WorkerProblem[] = [];
  for (const p of all) {
    if (p.untaken === undefined) kept.push(p);
    else {
      const n = (votes.get(p.untaken) ?? 0) + 1;
      votes.set(p.untaken, n);
      if (n === workers) kept.push(p);
    }
  }
  // Stable: problems with one key (none but from one worker) keep the order they were posted in.
  kept.sort((a, b) => compareOrderKeys(a.key, b.key));
  const problems: InputProblem[] = [];
  const ctx: ReadContext = {
    summary,
    reads,
    limits: newReadContext().limits,
    report(p) {
      countProblem(summary, reads, p);
      problems.push(p);
    },
  };
  const stderr: InputProblem[] = [];
  for (const p of kept) {
    if (!p.uncounted) ctx.report(p.problem);
    stderr.push(p.problem);
  }
  return { ctx, problems, stderr };
}
