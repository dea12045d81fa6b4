/**
 * `dmtrace sessions --format table`: one row per session (cli-table3) — device, server,
 * SessionID, start, duration, messages, bytes, package sequence, authentication, outcome and the
 * number of generic alerts — then one line per session that did not complete, saying why.
 */
import Table from 'cli-table3';
import pc from 'picocolors';
import type { AuthInfo, Outcome, Session } from '../session/types.js';

export interface TableOptions {
  color?: boolean;
}

/** `2026-11-24 05:04:18.128` (UTC), or `-` when the input has no times. */
export function formatTime(t: number | undefined): string {
  if (t === undefined || !(Math.abs(t) <= 8.64e15)) return '-';
  return new Date(t).toISOString().replace('T', ' ').replace('Z', '');
}

/** `0.022 s`, `12.5 s`, `3 min 4 s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 3 : 1)} s`;
  const min = Math.floor(ms / 60_000);
  return `${min} min ${Math.round((ms - min * 60_000) / 1000)} s`;
}

/** `1 2 1 2 3 4`. */
export function formatPackages(packages: readonly number[]): string {
  return packages.length ? packages.join(' ') : '-';
}

function side(label: string, a: AuthInfo['client']): string {
  if (a.type === 'none' && !a.result) return `${label} none`;
  return `${label} ${a.type}${a.result ? ` ${a.result}` : ''}${a.status ? ` (${a.status})` : ''}`;
}

/** Two lines: the client's credentials and the server's verdict, the server's credentials and the client's verdict; then challenge rounds. */
export function formatAuth(a: AuthInfo): string {
  const lines = [side('client', a.client), side('server', a.server)];
  if (a.challenges) lines.push(`${a.challenges} challenge${a.challenges === 1 ? '' : 's'}`);
  return lines.join('\n');
}

const OUTCOME_COLOR: Record<Outcome, 'green' | 'yellow' | 'red'> = {
  completed: 'green',
  aborted: 'yellow',
  'auth-failed': 'red',
  incomplete: 'yellow',
};

/** Longest identifier (device, server, SessionID) a table cell shows before `…`. */
export const MAX_CELL = 80;

/**
 * An identifier from the input as one table cell: control characters and line breaks shown as
 * one space, at most MAX_CELL characters. Damaged input can make a server URI swallow the rest
 * of its message; cli-table3 takes minutes to lay out a cell of hundreds of lines. JSON keeps the
 * value as read.
 */
export function cellText(v: string, max = MAX_CELL): string {
  const one = v.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export function formatOutcome(s: Session): string {
  return s.outcome === 'aborted' && s.abortedBy ? `aborted by ${s.abortedBy}` : s.outcome;
}

/**
 * Rows collected one session at a time (the CLI keeps only the rows, not the sessions, so a long
 * capture's table costs a few strings per session), sorted by start time when rendered.
 */
export class SessionsTable {
  private readonly rows: Array<{ start: number; id: string; cells: string[]; notes: string[] }> = [];
  private readonly c: ReturnType<typeof pc.createColors>;

  constructor(opts: TableOptions = {}) {
    this.c = pc.createColors(!!opts.color);
  }

  add(s: Session): void {
    const c = this.c;
    const duration = s.start !== undefined && s.end !== undefined ? s.end - s.start : undefined;
    const cells = [
      cellText(s.device) || '-',
      cellText(s.server) || '-',
      cellText(
        s.id === `${s.device}/${s.sessionId}` ? s.sessionId : `${s.sessionId} (${s.id.slice(s.id.lastIndexOf('#'))})`,
      ),
      formatTime(s.start),
      formatDuration(duration),
      String(s.messages.length),
      String(s.bytes),
      formatPackages(s.packages),
      formatAuth(s.auth),
      c[OUTCOME_COLOR[s.outcome]](formatOutcome(s)),
      String(s.genericAlerts.length),
    ];
    const notes: string[] = [];
    const id = cellText(s.id, 2 * MAX_CELL);
    if (s.outcome !== 'completed') notes.push(`${id}: ${formatOutcome(s)}: ${cellText(s.outcomeReason, 4 * MAX_CELL)}`);
    for (const lo of s.largeObjects)
      if (lo.problem)
        notes.push(`${id}: large object ${lo.command}${lo.uri ? ` ${cellText(lo.uri)}` : ''}: ${lo.problem}`);
    this.rows.push({ start: s.start ?? Number.POSITIVE_INFINITY, id: s.id, cells, notes });
  }

  get size(): number {
    return this.rows.length;
  }

  toString(): string {
    const c = this.c;
    const table = new Table({
      head: [
        'Device',
        'Server',
        'SessionID',
        'Start (UTC)',
        'Duration',
        'Msgs',
        'Bytes',
        'Packages',
        'Auth',
        'Outcome',
        'Generic alerts',
      ].map((h) => c.bold(h)),
      style: { head: [], border: [] },
    });
    const rows = [...this.rows].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const r of rows) table.push(r.cells);
    const lines = [table.toString()];
    for (const r of rows) lines.push(...r.notes);
    return `${lines.join('\n')}\n`;
  }
}

export function renderSessionsTable(sessions: readonly Session[], opts: TableOptions = {}): string {
  const t = new SessionsTable(opts);
  for (const s of sessions) t.add(s);
  return t.toString();
}
