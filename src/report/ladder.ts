/**
 * `dmtrace sessions --format ladder`: one session as a ladder diagram in the terminal — the
 * device on the left, the server on the right, one arrow per message labelled with its package,
 * MsgID, the commands it carries and the status codes it returns, e.g.
 *
 * ```text
 *   │ Pkg2 #1  Cred(md5) Status(SyncHdr)=212 Get ./DevInfo/Mod Replace ./DevInfo/Lang Final │
 *   │◄─────────────────────────────────────────────────────────────────────────────────────│ HTTP 200 · frame 6
 * ```
 *
 * Authentication rounds, large-object chunks, pulls (Alert 1222) and aborts are marked. Colors
 * only when asked (a terminal); plain text otherwise. Long labels wrap at word boundaries.
 */
import pc from 'picocolors';
import type { Command } from '../syncml/types.js';
import type { Session, SessionMessage } from '../session/types.js';
import { ALERT, credTypeName, hdrStatus, header, HMAC_HEADER, statusCode } from '../session/inspect.js';
import { formatAuth, formatDuration, formatPackages, formatOutcome, formatTime } from './sessions-table.js';

export interface LadderOptions {
  color?: boolean;
  /** Total width in columns (default 100, at least 50). */
  width?: number;
  /** Item URIs shown per command before `(+N)` (default 3). */
  maxUris?: number;
}

type Style = 'plain' | 'ok' | 'warn' | 'bad' | 'dim' | 'bold' | 'client' | 'server';

/** One word of a label with how it is colored. */
interface Word {
  text: string;
  style: Style;
}

const ARROW_RIGHT = { body: '─', head: '►' };
const ARROW_LEFT = { body: '─', head: '◄' };
const NOTIFY_LEFT = { body: '╌', head: '◄' };

function codeStyle(code: string | undefined): Style {
  if (!code) return 'warn';
  if (/^2\d\d$/.test(code)) return 'ok';
  if (/^[45]\d\d$/.test(code)) return 'bad';
  return 'warn';
}

function uriList(c: Command, max: number): string[] {
  const uris: string[] = [];
  for (const i of c.items) {
    const u = i.target?.locURI ?? i.source?.locURI;
    if (u !== undefined) uris.push(u);
  }
  if (uris.length <= max) return uris;
  return [...uris.slice(0, max), `(+${uris.length - max})`];
}

function commandWords(c: Command, maxUris: number, out: Word[]): void {
  if (c.name === 'Alert') {
    const code = c.data?.trim() ?? '?';
    const style: Style = code === ALERT.sessionAbort ? 'bad' : 'plain';
    out.push({ text: `Alert=${code}`, style });
    if (code === ALERT.genericAlert) {
      for (const i of c.items) {
        const t = i.meta?.type ?? c.meta?.type;
        if (t) out.push({ text: t, style: 'dim' });
      }
    }
    if (code === ALERT.sessionAbort) out.push({ text: '✖ABORT', style: 'bad' });
    return;
  }
  if (c.commands) {
    out.push({ text: `${c.name}[`, style: 'plain' });
    for (const inner of c.commands) commandWords(inner, maxUris, out);
    out.push({ text: ']', style: 'plain' });
    return;
  }
  out.push({ text: c.name, style: 'plain' });
  for (const u of uriList(c, maxUris)) out.push({ text: u, style: 'dim' });
  if (c.items.some((i) => i.moreData)) out.push({ text: '+MoreData', style: 'warn' });
}

/** Status words, consecutive equal ones folded: `Status(Get)=200×2`. */
function statusWords(cmds: Command[], out: Word[]): void {
  let i = 0;
  while (i < cmds.length) {
    const c = cmds[i]!;
    const code = statusCode(c);
    let n = 1;
    while (
      i + n < cmds.length &&
      !cmds[i + n]!.chal &&
      !c.chal &&
      cmds[i + n]!.cmd === c.cmd &&
      statusCode(cmds[i + n]!) === code
    )
      n++;
    const chal = c.chal ? `+Chal(${credTypeName(c.chal.meta?.type)})` : '';
    out.push({
      text: `Status(${c.cmd ?? `CmdRef ${c.cmdRef ?? '?'}`})=${code ?? '?'}${chal}${n > 1 ? `×${n}` : ''}`,
      style: codeStyle(code),
    });
    i += n;
  }
}

/** The label of one message, as words. */
export function messageLabel(m: SessionMessage, s: Session, maxUris = 3): Word[] {
  const words: Word[] = [];
  const sm = m.message.syncml;
  words.push({
    text: `Pkg${m.package ?? '?'}${m.package !== undefined && m.package >= 3 && m.iteration > 1 ? `.${m.iteration}` : ''}`,
    style: 'bold',
  });
  words.push({ text: `#${sm?.hdr.msgID ?? '?'} `, style: 'bold' });
  if (m.authRetry) words.push({ text: '↻auth-retry', style: 'warn' });
  if (m.nextMessageRequest) words.push({ text: '(next message)', style: 'dim' });
  if (!sm) {
    words.push({
      text: `undecodable ${m.message.encoding} message (${m.message.raw.length} bytes, ${m.message.problems.length} problems)`,
      style: 'bad',
    });
    return words;
  }
  if (sm.hdr.cred) words.push({ text: `Cred(${credTypeName(sm.hdr.cred.meta?.type)})`, style: 'plain' });
  else if (header(m.message.http?.headers, HMAC_HEADER) !== undefined)
    words.push({ text: 'Cred(hmac header)', style: 'plain' });
  if (sm.hdr.respURI) words.push({ text: `RespURI=${sm.hdr.respURI}`, style: 'dim' });
  const st = hdrStatus(sm);
  const code = st && statusCode(st);
  if (code === '401' || code === '407') words.push({ text: `⚠challenge ${code}`, style: 'bad' });
  // Statuses and other commands in document order, runs of Status folded.
  let run: Command[] = [];
  const flush = () => {
    if (run.length) statusWords(run, words);
    run = [];
  };
  for (const c of sm.body) {
    if (c.name === 'Status') run.push(c);
    else {
      flush();
      commandWords(c, maxUris, words);
    }
  }
  flush();
  for (const lo of s.largeObjects) {
    const k = lo.messages.indexOf(m.index);
    if (k < 0) continue;
    const lastOne = k === lo.messages.length - 1;
    // No-break spaces keep the mark on one line when the label wraps.
    const nb = (t: string) => t.replace(/ /g, '\u00a0');
    const style: Style = lo.problem && lastOne ? 'bad' : 'warn';
    if (lastOne && lo.complete) {
      words.push({ text: nb(`[LO chunk ${k + 1}/${lo.messages.length} · ${lo.size} B`), style });
      words.push({ text: nb(`sha256 ${lo.sha256.slice(0, 12)}…]`), style });
    } else words.push({ text: nb(`[LO chunk ${k + 1}/${lo.complete ? lo.messages.length : '?'}]`), style });
    if (lastOne && lo.problem) words.push({ text: lo.problem, style: 'bad' });
  }
  if (sm.final) words.push({ text: 'Final', style: 'bold' });
  return words;
}

function wrap(words: Word[], width: number, indent: number): Word[][] {
  const lines: Word[][] = [];
  let line: Word[] = [];
  let len = 0;
  const push = (w: Word) => {
    const sep = line.length ? 1 : 0;
    if (line.length && len + sep + w.text.length > width) {
      lines.push(line);
      line = [{ text: ' '.repeat(indent - 1), style: 'plain' }];
      len = indent - 1;
    }
    line.push(w);
    len += (line.length > 1 ? 1 : 0) + w.text.length;
  };
  const split = words.flatMap((w) =>
    w.text.trim().includes(' ')
      ? w.text
          .split(' ')
          .filter(Boolean)
          .map((text) => ({ text, style: w.style }))
      : [w],
  );
  for (const w of split) {
    if (w.text.length > width - indent) {
      // A word longer than a line (a long URI): cut it into pieces.
      let rest = w.text;
      while (rest.length) {
        const room = Math.max(8, width - indent);
        push({ text: rest.slice(0, room), style: w.style });
        rest = rest.slice(room);
      }
    } else push(w);
  }
  if (line.length) lines.push(line);
  return lines;
}

function where(m: SessionMessage): string {
  const o = m.message.origin;
  if (o.frame !== undefined) return `frame ${o.frame}`;
  if (o.entry !== undefined) return `entry ${o.entry}`;
  if (o.line !== undefined) return `line ${o.line}`;
  return o.input;
}

/** Renders one session as a ladder. */
export function renderLadder(s: Session, opts: LadderOptions = {}): string {
  const c = pc.createColors(!!opts.color);
  const paint = (w: Word): string => {
    switch (w.style) {
      case 'ok':
        return c.green(w.text);
      case 'warn':
        return c.yellow(w.text);
      case 'bad':
        return c.red(w.text);
      case 'dim':
        return c.dim(w.text);
      case 'bold':
        return c.bold(w.text);
      case 'client':
        return c.cyan(w.text);
      case 'server':
        return c.magenta(w.text);
      default:
        return w.text;
    }
  };
  const width = Math.max(50, opts.width ?? 100);
  const margin = 2;
  // Room for the notes after the right lifeline (HTTP status, frame) on wide terminals; on narrow ones they run past the width.
  const annotationWidth = Math.min(22, Math.max(0, width - 70));
  const inner = width - margin - 2 - annotationWidth; // between the two lifelines
  const pad = ' '.repeat(margin);
  const out: string[] = [];

  const duration = s.start !== undefined && s.end !== undefined ? s.end - s.start : undefined;
  out.push(
    c.bold(`Session ${s.id}`) +
      `  packages ${formatPackages(s.packages)}  ${formatTime(s.start)}  ${formatDuration(duration)}`,
  );
  const outcomeColor = s.outcome === 'completed' ? c.green : s.outcome === 'auth-failed' ? c.red : c.yellow;
  out.push(`${outcomeColor(formatOutcome(s))}: ${s.outcomeReason}`);
  out.push(`auth: ${formatAuth(s.auth).split('\n').join(' · ')}`);
  out.push('');
  const left = `device ${s.device || '?'}`;
  const right = `server ${s.server || '?'}`;
  const gap = Math.max(1, inner + 2 - left.length - right.length);
  out.push(pad + c.cyan(left) + ' '.repeat(gap) + c.magenta(right));
  out.push(`${pad}│${' '.repeat(inner)}│`);

  const labelLines = (words: Word[]) => {
    for (const line of wrap(words, inner - 2, 10)) {
      const plain = line.map((w) => w.text).join(' ');
      const fill = Math.max(0, inner - 1 - plain.length);
      out.push(`${pad}│ ${line.map(paint).join(' ')}${' '.repeat(fill)}│`);
    }
  };
  const arrow = (dir: 'right' | 'left', kind: typeof ARROW_RIGHT, note: string, style: Style) => {
    const body = kind.body.repeat(inner - 1);
    const drawn = dir === 'right' ? body + kind.head : kind.head + body;
    out.push(`${pad}│${paint({ text: drawn, style })}│ ${c.dim(note)}`);
  };

  if (s.notification) {
    const n = s.notification;
    labelLines([
      { text: 'Pkg0', style: 'bold' },
      { text: 'notification', style: 'plain' },
      { text: `session ${n.sessionIdHex}`, style: 'plain' },
      { text: `server-id ${n.serverId}`, style: 'dim' },
      { text: `ui ${n.uiMode}`, style: 'dim' },
      { text: `initiator ${n.initiator}`, style: 'dim' },
      { text: `v${n.version}`, style: 'dim' },
    ]);
    const o = n.origin;
    arrow(
      'left',
      NOTIFY_LEFT,
      o.frame !== undefined
        ? `frame ${o.frame}`
        : o.entry !== undefined
          ? `entry ${o.entry}`
          : o.line !== undefined
            ? `line ${o.line}`
            : o.input,
      'server',
    );
  }
  const answered = new Set<number>();
  for (const m of s.messages) if (m.answers !== undefined) answered.add(m.answers);
  for (const m of s.messages) {
    labelLines(messageLabel(m, s, opts.maxUris ?? 3));
    const http = m.message.http;
    const notes: string[] = [];
    if (m.direction === 'server') {
      if (m.httpStatus !== undefined) notes.push(`HTTP ${m.httpStatus}`);
    } else {
      if (http?.method) notes.push(http.method);
      // An HTTP answer without a DM message (an error page, an empty 200) is shown on the request.
      if (!answered.has(m.index) && m.httpStatus !== undefined) notes.push(`→ HTTP ${m.httpStatus}, no DM answer`);
    }
    notes.push(where(m));
    if (m.direction === 'client') arrow('right', ARROW_RIGHT, notes.join(' · '), 'client');
    else arrow('left', ARROW_LEFT, notes.join(' · '), 'server');
  }
  out.push(`${pad}│${' '.repeat(inner)}│`);
  return `${out.join('\n')}\n`;
}
