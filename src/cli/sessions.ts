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
import { SessionsTable } from '../report/sessions-table.js';
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

export function register(program: Command, io: CliIO): void {
  program
    .command('sessions')
    .description('the DM sessions found: a table, a ladder per session, or JSON')
    .argument('<inputs...>', 'captures (pcap, pcapng), HAR files, logs, .xml/.wbxml messages, folders; - for stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(SESSION_FORMATS).default('table'))
    .option('-s, --session <id>', 'only the session with this id (as the table and JSON show it, e.g. IMEI:1/1)')
    .option('--width <columns>', 'ladder width in columns (default: the terminal width, else 100)')
    .option('--idle <seconds>', 'close a session after this much capture time without a message (default 900)')
    .action(
      async (inputs: string[], opts: { format: SessionFormat; session?: string; width?: string; idle?: string }) => {
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
        const write = (t: string) => void io.stdout.write(t);
        let table: SessionsTable | undefined;
        let json: JsonArrayWriter | undefined;
        /** The first ids (for the message when --session names none of them) and how many there were. */
        const ids: string[] = [];
        let total = 0;
        const outcomes = new Map<string, number>();
        let shown = 0;
        const withSessions = new Set<string>();
        const { sessions, ctx, problems } = readSessions(inputs, io, idle !== undefined ? { idleMs: idle * 1000 } : {});
        for await (const s of sessions) {
          if (total++ < 20) ids.push(s.id);
          for (const m of s.messages) withSessions.add(m.message.origin.input);
          outcomes.set(s.outcome, (outcomes.get(s.outcome) ?? 0) + 1);
          if (opts.session !== undefined && s.id !== opts.session) continue;
          shown++;
          if (opts.format === 'ladder') io.stdout.write(`${shown > 1 ? '\n' : ''}${renderLadder(s, { color, width })}`);
          else if (opts.format === 'table') (table ??= new SessionsTable(write, { color })).add(s);
          else (json ??= new JsonArrayWriter(write, 'sessions')).item(sessionJson(s));
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
