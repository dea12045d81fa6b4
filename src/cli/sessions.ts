/**
 * `dmtrace sessions <inputs...> [--format table|ladder|json] [--session ID]`: the DM sessions
 * found in captures, HAR files, logs and message files. Sessions stream out of the assembler as
 * they complete: the ladder is printed as they come; the table and JSON are sorted by start time
 * at the end. What was read and what could not be decoded goes to stderr (one line per problem,
 * then the summary).
 */
import { Option, type Command } from 'commander';
import { newReadContext, type ReadContext } from '../sources/types.js';
import { readInputs } from '../sources/index.js';
import { messagesOf } from '../sources/messages.js';
import { assembleSessions, type AssembleOptions } from '../session/assemble.js';
import type { Session } from '../session/types.js';
import { renderLadder } from '../report/ladder.js';
import { SessionsTable } from '../report/sessions-table.js';
import { sessionJson } from '../report/sessions-json.js';
import { formatProblem, formatSummary } from '../report/summary.js';
import { type CliIO, fail } from './io.js';
import { attachProgress } from './progress.js';

export const SESSION_FORMATS = ['table', 'ladder', 'json'] as const;
export type SessionFormat = (typeof SESSION_FORMATS)[number];

/** What reading went through: the read context, and the inputs that gave an error problem. */
export interface ReadOutcome {
  ctx: ReadContext;
  /** Inputs with at least one error-level problem. */
  errorInputs: Set<string>;
}

/**
 * Reads the inputs and streams their sessions; each input problem goes to stderr as one line
 * (after the progress line is cleared). Returns the read context when done.
 */
export async function* readSessions(inputs: string[], io: CliIO, opts: AssembleOptions = {}): AsyncGenerator<Session, ReadOutcome> {
  const errorInputs = new Set<string>();
  let progress: { done(): void } = { done() {} };
  const ctx = newReadContext((p) => {
    if (p.severity === 'error') errorInputs.add(p.input);
    io.stderr.write(`${formatProblem(p)}\n`);
  });
  progress = attachProgress(io, ctx);
  try {
    const exchanges = readInputs(inputs, ctx, { stdin: io.stdin });
    yield* assembleSessions(messagesOf(exchanges, ctx), { ...opts, report: (p) => ctx.report(p) });
  } finally {
    progress.done();
  }
  return { ctx, errorInputs };
}

/** Exit 2 when an input could not be read at all: an error problem on it and no session from it. */
export function unreadable(outcome: ReadOutcome, inputsWithSessions: Set<string>): string[] {
  return [...outcome.errorInputs].filter((i) => !inputsWithSessions.has(i));
}

/** `a, b, c` — at most `max` ids, then how many more. */
export function listIds(ids: readonly string[], max = 20): string {
  if (ids.length === 0) return 'none';
  const shown = ids.slice(0, max).join(', ');
  return ids.length > max ? `${shown} (and ${ids.length - max} more)` : shown;
}

function outcomeCounts(counts: Map<string, number>): string {
  return [...counts].map(([k, v]) => `${v} ${k}`).join(', ');
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
    .action(async (inputs: string[], opts: { format: SessionFormat; session?: string; width?: string; idle?: string }) => {
      const color = io.color;
      const termWidth = (io.stdout as { columns?: number }).columns;
      const width = opts.width !== undefined ? Number.parseInt(opts.width, 10) : termWidth && termWidth >= 50 ? Math.min(termWidth, 160) : 100;
      if (!Number.isFinite(width) || width < 50) {
        fail(io, `--width must be a number of columns, at least 50 (got ${JSON.stringify(opts.width)})`);
        return;
      }
      const idle = opts.idle !== undefined ? Number(opts.idle) : undefined;
      if (idle !== undefined && !(Number.isFinite(idle) && idle > 0)) {
        fail(io, `--idle must be a number of seconds above 0 (got ${JSON.stringify(opts.idle)})`);
        return;
      }
      const table = new SessionsTable({ color });
      const json: Array<{ start: number; id: string; value: Record<string, unknown> }> = [];
      const ids: string[] = [];
      const outcomes = new Map<string, number>();
      let shown = 0;
      const withSessions = new Set<string>();
      const gen = readSessions(inputs, io, idle !== undefined ? { idleMs: idle * 1000 } : {});
      let read: ReadOutcome;
      for (;;) {
        const r = await gen.next();
        if (r.done) {
          read = r.value;
          break;
        }
        const s = r.value;
        ids.push(s.id);
        for (const m of s.messages) withSessions.add(m.message.origin.input);
        outcomes.set(s.outcome, (outcomes.get(s.outcome) ?? 0) + 1);
        if (opts.session !== undefined && s.id !== opts.session) continue;
        shown++;
        if (opts.format === 'ladder') io.stdout.write(`${shown > 1 ? '\n' : ''}${renderLadder(s, { color, width })}`);
        else if (opts.format === 'table') table.add(s);
        else json.push({ start: s.start ?? Number.POSITIVE_INFINITY, id: s.id, value: sessionJson(s) });
      }
      const { ctx } = read;
      if (opts.session !== undefined && shown === 0) {
        io.stderr.write(formatSummary(ctx.summary));
        fail(io, `no session ${JSON.stringify(opts.session)} in the input; sessions found: ${listIds(ids)}`);
        return;
      }
      if (opts.format === 'table') io.stdout.write(table.toString());
      else if (opts.format === 'json') {
        json.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const doc = { sessions: json.map((j) => j.value), summary: { ...ctx.summary, sessions: ids.length } };
        io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      } else if (shown === 0) io.stdout.write('no DM session found\n');
      io.stderr.write(formatSummary(ctx.summary));
      io.stderr.write(`  sessions ${ids.length}${ids.length ? ` (${outcomeCounts(outcomes)})` : ''}\n`);
      const bad = unreadable(read, withSessions);
      if (bad.length && io.exitCode < 2) io.exitCode = 2;
    });
}
