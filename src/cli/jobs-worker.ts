/**
 * One worker of `--jobs N` of lint, scr, sessions or decode (src/cli/jobs.ts, README "--jobs"):
 * reads every input as one process would, decodes and assembles the exchanges of its share of
 * the device shards (the others only move the session clock), lints its sessions (for scr also
 * runs the SCR observations on them; for `sessions` makes what it prints of them; decode only
 * decodes its share and hands on each exchange's text) and
 * posts each, with its order key, to the main thread. It posts the problems it is the one to
 * report, each with the key that puts it where one process reports it, and at the end what it
 * counted.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { InputProblem } from '../model/problem.js';
import { lintedSession, lintSession, LintMemory, type RuleCrash } from '../rules/engine.js';
import { rules } from '../rules/index.js';
import { observeSession } from '../rules/scr.js';
import { SessionAssembler, type ReportAbout } from '../session/assemble.js';
import { readInputs } from '../sources/index.js';
import { messagesOf } from '../sources/messages.js';
import { newReadContext } from '../sources/types.js';
import type { Exchange } from '../model/exchange.js';
import type { Session } from '../session/types.js';
import { showSession, tableMaker } from './sessions.js';
import { showDecoded } from './decode.js';
import type { FromWorker, WorkerJob, WorkerProblem, WorkerSession } from './jobs.js';

/** Posts at most this many items at once (fewer messages between threads, small enough to merge early). */
const BATCH = 64;
/** Posts at least this often (in exchanges pushed), so that the main thread knows how far this worker is. */
const MARK_EVERY = 256;
/** Smallest interval between two progress messages (ms). */
const PROGRESS_MS = 100;

async function run(job: WorkerJob, post: (m: FromWorker) => void): Promise<void> {
  const { worker, workers } = job;
  let sessions: WorkerSession[] = [];
  let problems: WorkerProblem[] = [];
  /** Exchanges pushed to the assembler so far: every session still to come has an order key past it. */
  let pushed = 0;
  let markedAt = 0;
  const flush = () => {
    post({ type: 'batch', sessions, problems, pushed });
    sessions = [];
    problems = [];
    markedAt = pushed;
  };
  /** Exchanges read so far: the first part of a problem's key. */
  let x = 0;
  let seq = 0;
  let phase: 'read' | 'decode' = 'read';
  const keep = (key: number[], problem: InputProblem, untaken?: number, uncounted?: true) => {
    const p: WorkerProblem = { key, problem };
    if (untaken !== undefined) p.untaken = untaken;
    if (uncounted) p.uncounted = true;
    problems.push(p);
    if (problems.length >= BATCH) flush();
  };
  // Reading problems are every worker's to find and worker 0's to report; decoding problems are
  // found only by the exchange's worker.
  const ctx = newReadContext((p) => {
    if (phase === 'decode') keep([x, 1, seq++], p);
    else if (worker === 0) keep([x, 0, seq++], p);
  });
  let lastProgress = -Infinity;
  ctx.progress = (input, read, total) => {
    const t = Date.now();
    if (t - lastProgress < PROGRESS_MS && !(total !== undefined && read >= total)) return;
    lastProgress = t;
    post({ type: 'progress', input, read, total, dmMessages: ctx.summary.dmMessages });
  };
  const onAssembler = (p: InputProblem, about?: ReportAbout) => {
    if (about && 'untaken' in about) keep([x, 2, 1, about.untaken], p, about.untaken);
    else if (about) {
      if (worker === 0) keep([x, 2, 0, seq++], p);
    } else keep([x, 2, 2, seq++], p);
  };
  const asm = new SessionAssembler({
    report: onAssembler,
    ...(job.idleMs !== undefined ? { idleMs: job.idleMs } : {}),
  });
  const table = job.show ? tableMaker(job.show) : undefined;
  const memory = new LintMemory();
  const lint = (s: Session) => {
    if (job.command === 'sessions') {
      sessions.push({ key: [...asm.orderKey(s)], shown: showSession(s, job.show!, table!) });
      if (sessions.length >= BATCH) flush();
      return;
    }
    const crashes: RuleCrash[] = [];
    let findings = lintSession(s, {
      rules,
      memory,
      onCrash: (c) => crashes.push(c),
      ...(job.config ? { config: job.config } : {}),
      ...(job.credentials ? { credentials: job.credentials } : {}),
    });
    if (job.command === 'scr') {
      const inputs = [...new Set(s.messages.map((m) => m.message.origin.input))];
      sessions.push({ key: [...asm.orderKey(s)], observed: observeSession(s), inputs, findings, crashes });
    } else {
      if (job.quiet) findings = findings.filter((f) => f.severity === 'error');
      sessions.push({ key: [...asm.orderKey(s)], linted: lintedSession(s), findings, crashes });
    }
    if (sessions.length >= BATCH) flush();
  };

  async function* counted(): AsyncGenerator<Exchange> {
    for await (const e of readInputs(job.inputs, ctx, {})) {
      phase = 'decode';
      yield e;
      phase = 'read';
      x++;
    }
  }
  const shard = { shards: job.shards, owns: (s: number) => s % workers === worker };
  const decoded = { undecodable: 0 };
  if (job.command === 'decode') {
    // decode: no sessions; each exchange of this worker's devices, keyed by its place in the input.
    for await (const dm of messagesOf(counted(), ctx, { shard, decoded })) {
      if (!dm.theirs) {
        const shown = showDecoded(dm, job.decode!);
        for (const it of shown.items) for (const p of it.errors) keep([x, 1, seq++], p, undefined, true);
        sessions.push({ key: [x], decoded: shown });
        if (sessions.length >= BATCH) flush();
      }
      pushed = x + 1;
      if (pushed - markedAt >= MARK_EVERY) flush();
    }
    phase = 'read';
  } else {
    for await (const item of messagesOf(counted(), ctx, { everyDmExchange: true, shard, decoded })) {
      for (const s of asm.push(item)) lint(s);
      if (++pushed - markedAt >= MARK_EVERY) flush();
    }
    phase = 'read';
    for (const s of asm.finish()) lint(s);
  }
  flush();
  post({ type: 'done', summary: ctx.summary, reads: [...ctx.reads.values()], undecodable: decoded.undecodable });
}

const port = parentPort!;
run(workerData as WorkerJob, (m) => port.postMessage(m)).catch((err: unknown) => {
  const e = err instanceof Error ? err : new Error(String(err));
  port.postMessage({ type: 'error', message: e.message, stack: e.stack ?? '' } satisfies FromWorker);
});
