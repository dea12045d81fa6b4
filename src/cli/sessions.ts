/**
 * `dmtrace sessions <inputs...> [--format table|ladder|json] [--session ID]`: the DM sessions
 * found in captures, HAR files, logs and message files. Sessions stream out of the assembler as
 * they complete (src/session/assemble.ts: the server's last package, an abort or auth failure, the
 * end of the connection's idle time, the end of the input) and every format writes each one as it
 * comes, in that order — the order they end in the input, the same on every run — holding none of
 * them (docs/sessions.md "Order"). What was read and what could not be decoded goes to stderr (one
 * line per problem, then the summary).
 */
import { Option, type Command } from 'commander';
import { renderLadder } from '../report/ladder.js';
import { SessionsTable, type TableEntry } from '../report/sessions-table.js';
import { formatProblem } from '../report/summary.js';
import type { Session } from '../session/types.js';
import type { InputProblem } from '../model/problem.js';
import type { ReadContext } from '../sources/types.js';
import { parseJobs, runWorkers } from './jobs.js';
import { sessionJson } from '../report/sessions-json.js';
import { JsonArrayWriter } from '../report/json-stream.js';
import { formatSummary } from '../report/summary.js';
import { type CliIO, fail } from './io.js';
import { failInputsWithoutDm, inputsWithoutDm, noSuchSession, readSessions, unreadableInputs } from './read.js';

export const SESSION_FORMATS = ['table', 'ladder', 'json'] as const;
export type SessionFormat = (typeof SESSION_FORMATS)[number];

function outcomeCounts(counts: Map<string, number>): string {
  return [...counts].map(([k, v]) => `${v} ${k}`).join(', ');
}

/** What decides how a session is shown. */
export interface ShowOptions {
  format: SessionFormat;
  color: boolean;
  width: number;
  /** --session: only this one is shown (the others are counted). */
  session?: string;
}

/** What `sessions` writes of one session, made where it was assembled (here, or in a --jobs worker: src/cli/jobs-worker.ts). */
export interface SessionShown {
  id: string;
  outcome: string;
  /** The inputs its messages came from. */
  inputs: string[];
  ladder?: string;
  row?: TableEntry;
  json?: Record<string, unknown>;
}

/** A table that only makes rows (SessionsTable.entry), writing nothing. */
export function tableMaker(o: ShowOptions): SessionsTable {
  return new SessionsTable(() => {}, { color: o.color });
}

/** A session as the format shows it; only its id, outcome and inputs when --session leaves it out. */
export function showSession(s: Session, o: ShowOptions, table: SessionsTable): SessionShown {
  const shown: SessionShown = {
    id: s.id,
    outcome: s.outcome,
    inputs: [...new Set(s.messages.map((m) => m.message.origin.input))],
  };
  if (o.session !== undefined && s.id !== o.session) return shown;
  if (o.format === 'ladder') shown.ladder = renderLadder(s, { color: o.color, width: o.width });
  else if (o.format === 'table') shown.row = table.entry(s);
  else shown.json = sessionJson(s);
  return shown;
}

export function register(program: Command, io: CliIO): void {
  program
    .command('sessions')
    .description('the DM sessions found: a table, a ladder per session, or JSON')
    .argument('<inputs...>', 'captures (pcap, pcapng), HAR files, logs, .xml/.wbxml messages, folders; - for stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(SESSION_FORMATS).default('table'))
    .option('-s, --session <id>', 'only the session with this id (as the table and JSON show it, e.g. IMEI:1/1)')
    .option('--width <columns>', 'ladder width in columns (default: the terminal width, else 100)')
    .option('--idle <seconds>', 'close a session after this much capture time without a message (default 900)')
    .option('--jobs <n>', 'worker threads, 1-16 or auto (as lint --jobs); the output is the same as with 1 (default 1)')
    .action(
      async (
        inputs: string[],
        opts: { format: SessionFormat; session?: string; width?: string; idle?: string; jobs?: string },
      ) => {
        const color = io.color;
        const termWidth = (io.stdout as { columns?: number }).columns;
        const width =
          opts.width !== undefined
            ? Number.parseInt(opts.width, 10)
            : termWidth && termWidth >= 50
              ? Math.min(termWidth, 160)
              : 100;
        if (!Number.isFinite(width) || width < 50) {
          fail(io, `--width must be a number of columns, at least 50 (got ${JSON.stringify(opts.width)})`);
          return;
        }
        const idle = opts.idle !== undefined ? Number(opts.idle) : undefined;
        if (idle !== undefined && !(Number.isFinite(idle) && idle > 0)) {
          fail(io, `--idle must be a number of seconds above 0 (got ${JSON.stringify(opts.idle)})`);
          return;
        }
        const jobs = parseJobs(opts.jobs, inputs);
        if (jobs instanceof Error) return fail(io, jobs.message);
        const write = (t: string) => void io.stdout.write(t);
        let table: SessionsTable | undefined;
        let json: JsonArrayWriter | undefined;
        /** The first ids (for the message when --session names none of them) and how many there were. */
        const ids: string[] = [];
        let total = 0;
        const outcomes = new Map<string, number>();
        let shown = 0;
        const withSessions = new Set<string>();
        const show: ShowOptions = { format: opts.format, color, width };
        if (opts.session !== undefined) show.session = opts.session;
        const take = (x: SessionShown) => {
          if (total++ < 20) ids.push(x.id);
          for (const i of x.inputs) withSessions.add(i);
          outcomes.set(x.outcome, (outcomes.get(x.outcome) ?? 0) + 1);
          if (opts.session !== undefined && x.id !== opts.session) return;
          shown++;
          if (x.ladder !== undefined) io.stdout.write(`${shown > 1 ? '\n' : ''}${x.ladder}`);
          else if (x.row) (table ??= new SessionsTable(write, { color })).addEntry(x.row);
          else if (x.json) (json ??= new JsonArrayWriter(write, 'sessions')).item(x.json);
        };
        let ctx: ReadContext;
        let problems: InputProblem[];
        if (jobs > 1) {
          // The workers' problems come at the end, in the order one process prints them as it goes.
          const job: Parameters<typeof runWorkers>[0] = { command: 'sessions', inputs, show };
          if (idle !== undefined) job.idleMs = idle * 1000;
          ({ ctx, problems } = await runWorkers(job, jobs, io, (x) => {
            if ('shown' in x) take(x.shown);
          }));
          for (const p of problems) io.stderr.write(`dmtrace: ${formatProblem(p)}\n`);
        } else {
          const read = readSessions(inputs, io, idle !== undefined ? { idleMs: idle * 1000 } : {});
          const maker = tableMaker(show);
          for await (const s of read.sessions) take(showSession(s, show, maker));
          ({ ctx, problems } = read);
        }
        if (opts.session !== undefined && shown === 0) {
          io.stderr.write(formatSummary(ctx.summary));
          noSuchSession(io, opts.session, ids, total);
          return;
        }
        if (opts.format === 'table') (table ?? new SessionsTable(write, { color })).end();
        else if (opts.format === 'json')
          (json ?? new JsonArrayWriter(write, 'sessions')).end({ summary: { ...ctx.summary, sessions: total } });
        else if (shown === 0) io.stdout.write('no DM session found\n');
        io.stderr.write(formatSummary(ctx.summary));
        io.stderr.write(`  sessions ${total}${total ? ` (${outcomeCounts(outcomes)})` : ''}\n`);
        const bad = unreadableInputs(problems, withSessions);
        if (bad.length && io.exitCode < 2) io.exitCode = 2;
        failInputsWithoutDm(io, inputsWithoutDm(ctx.reads.values()));
      },
    );
}
