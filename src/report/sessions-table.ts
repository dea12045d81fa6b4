/**
 * `dmtrace sessions --format table`: one row per session, written as it comes — device, server,
 * SessionID, start, duration, messages, bytes, package sequence, authentication, outcome and the
 * number of generic alerts — then one line per session that did not complete, saying why.
 */
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

/** The columns: heading and fixed width (characters inside the cell padding). A longer value wraps inside its cell. */
const COLUMNS: ReadonlyArray<readonly [string, number]> = [
  ['Device', 22],
  ['Server', 30],
  ['SessionID', 9],
  ['Start (UTC)', 23],
  ['Duration', 9],
  ['Msgs', 4],
  ['Bytes', 7],
  ['Packages', 13],
  ['Auth', 27],
  ['Outcome', 17],
  ['Generic alerts', 14],
];

/** `text` cut into lines of at most `width` characters, at spaces where it can. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let rest = para;
    while (rest.length > width) {
      const sp = rest.lastIndexOf(' ', width);
      const cut = sp > 0 ? sp : width;
      out.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(sp > 0 ? cut + 1 : cut);
    }
    out.push(rest);
  }
  return out;
}

const line = (l: string, m: string, r: string) => `${l}${COLUMNS.map(([, w]) => '─'.repeat(w + 2)).join(m)}${r}`;
const TOP = line('┌', '┬', '┐');
const MID = line('├', '┼', '┤');
const BOTTOM = line('└', '┴', '┘');

/** One session's row in the table (its text, as written) and the notes it adds at the end. */
export interface TableEntry {
  text: string;
  notes: string[];
}

/**
 * The sessions table written one row at a time (`dmtrace sessions` streams it: nothing but the
 * notes of sessions that did not complete is kept). Fixed column widths in cli-table3's box
 * drawing: the heading when the table opens, a separator and the row for each session, the bottom
 * line and then the notes (one line per session that did not complete, saying why) at `end()`.
 */
export class SessionsTable {
  private readonly c: ReturnType<typeof pc.createColors>;
  private readonly notes: string[] = [];
  private rows = 0;

  constructor(
    private readonly write: (text: string) => void,
    opts: TableOptions = {},
  ) {
    this.c = pc.createColors(!!opts.color);
    this.write(
      `${TOP}\n${this.row(
        COLUMNS.map(([h]) => h),
        (t) => this.c.bold(t),
      )}`,
    );
  }

  /** Lines of one row; `paint(text, column)` colours a cell's text after it is padded to width. */
  private row(cells: readonly string[], paint: (t: string, col: number) => string = (t) => t): string {
    const lines = cells.map((v, i) => wrap(v, COLUMNS[i]![1]));
    const height = Math.max(...lines.map((l) => l.length));
    let out = '';
    for (let k = 0; k < height; k++) {
      out += '│';
      for (let i = 0; i < COLUMNS.length; i++) {
        const t = lines[i]![k] ?? '';
        const pad = ' '.repeat(COLUMNS[i]![1] - t.length);
        out += ` ${t ? paint(t, i) : ''}${pad} │`;
      }
      out += '\n';
    }
    return out;
  }

  add(s: Session): void {
    this.addEntry(this.entry(s));
  }

  /** What add writes of a session (its row) and keeps for the end (its notes); `lint --jobs`-style workers make it for `sessions --jobs`. */
  entry(s: Session): TableEntry {
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
      formatOutcome(s),
      String(s.genericAlerts.length),
    ];
    const id = cellText(s.id, 2 * MAX_CELL);
    const notes: string[] = [];
    if (s.outcome !== 'completed') notes.push(`${id}: ${formatOutcome(s)}: ${cellText(s.outcomeReason, 4 * MAX_CELL)}`);
    for (const lo of s.largeObjects)
      if (lo.problem)
        notes.push(`${id}: large object ${lo.command}${lo.uri ? ` ${cellText(lo.uri)}` : ''}: ${lo.problem}`);
    const outcome = c[OUTCOME_COLOR[s.outcome]];
    return { text: `${MID}\n${this.row(cells, (t, i) => (i === 9 ? outcome(t) : t))}`, notes };
  }

  /** Writes a row made by entry (here or in a worker) and keeps its notes. */
  addEntry(e: TableEntry): void {
    for (const n of e.notes) this.notes.push(n);
    this.write(e.text);
    this.rows++;
  }

  get size(): number {
    return this.rows;
  }

  /** The bottom line, then the notes. */
  end(): void {
    this.write(`${[BOTTOM, ...this.notes].join('\n')}\n`);
  }
}

/** The table of `sessions` in one string, ordered by start time (then id). */
export function renderSessionsTable(sessions: readonly Session[], opts: TableOptions = {}): string {
  let text = '';
  const t = new SessionsTable((s) => (text += s), opts);
  const sorted = [...sessions].sort(
    (a, b) =>
      (a.start ?? Number.POSITIVE_INFINITY) - (b.start ?? Number.POSITIVE_INFINITY) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (const s of sorted) t.add(s);
  t.end();
  return text;
}
