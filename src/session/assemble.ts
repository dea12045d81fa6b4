/**
 * Messages → DM sessions, streaming (docs/architecture.md "Data flows one way"): each session is handed on as
 * soon as it is complete — the server's last package needs no response (DM Protocol §8.1), a
 * session abort (Alert 1223), an authentication failure — and the rest when the input ends or
 * when a session has been idle for a long span of capture time. Memory is bounded by the number
 * of sessions open at once, not by the total.
 *
 * Grouping: a session is keyed by the server (HTTP host and path, else the Target LocURI of client
 * messages / Source LocURI of server messages), the device (Source LocURI of client messages,
 * Target LocURI of server messages) and the SessionID. A RespURI adds the new URL as another key of
 * the same session. A SessionID seen again after its session ended starts a new session (`#2`).
 */
import type { InputProblem, Problem } from '../model/problem.js';
import { PROBLEM_CODES, type ProblemCode, type SeverityOf } from '../model/problem-codes.js';
import type { Direction, Exchange, Origin } from '../model/exchange.js';
import type { Message } from '../syncml/types.js';
import { decodeNotification } from '../notification/package0.js';
import { analyzeSession, type SessionEntry, type SessionHead } from './analyze.js';
import {
  ALERT,
  AUTH_STATUS,
  alertCodes,
  alertsPackage1,
  allCommands,
  directionOf,
  hdrStatus,
  header,
  idNumber,
  needsResponse,
  normalizeServer,
  statusCode,
} from './inspect.js';
import { orderEntries } from './order.js';
import type { Notification, Session } from './types.js';

/** What the assembler reads: the messages of one exchange (src/sources/messages.ts `messagesOf`). */
export interface AssembleInput {
  exchange: Exchange;
  messages: Message[];
  /** A Package 0 body found in the exchange (`application/vnd.syncml.notification`). */
  notification?: { bytes: Uint8Array; origin: Origin };
}

export type NotificationDecoder = (
  bytes: Uint8Array,
  origin: Origin,
) => { notification?: Notification; problems: Problem[] };

export interface AssembleOptions {
  /** Close a session after this much capture time (ms) without a message of its own. Default 15 minutes. */
  idleMs?: number;
  /** At most this many sessions open at once; beyond it the least recently active one is closed. Default 100 000. */
  maxOpen?: number;
  /** At most this many messages in one session (a guard against hostile input); the session is closed there and the rest starts a new one. Default 10 000. */
  maxMessages?: number;
  /** How many device/SessionID pairs are remembered to number a reused SessionID (`#2`). Default 10 000. */
  remember?: number;
  /** How many undelivered Package 0 notifications are kept while waiting for their Package 1. Default 1 000. */
  maxPendingNotifications?: number;
  /** Decodes Package 0 bodies; default src/notification/package0.ts `decodeNotification`. */
  decodeNotification?: NotificationDecoder;
  /** Where the assembler reports what it could not place (a message without SyncHdr, an unanswered notification). */
  report?: (p: InputProblem) => void;
}

interface OpenSession {
  head: SessionHead;
  entries: SessionEntry[];
  keys: Set<string>;
  lastTime?: number;
  notification?: Notification;
  /**
   * Ended as far as it can tell, but a later message may still belong to it: the server's reply to a
   * client's abort outside HTTP, or the client's answer to a 401/407 without a Chal or to a Package 2
   * without commands (an authentication round, DM Protocol §9).
   */
  lingering: boolean;
  /** What a lingering session waits for: the server's reply to an abort, or a client message that answers the server. */
  awaits?: 'server' | 'client';
  /** The TCP connection and HTTP cookie its client messages came with (a SessionID changed mid-session keeps them). */
  connection?: string;
  cookie?: string;
  /** The last server challenge (type and nonce), to tell a repeated refusal. */
  lastChallenge?: string;
}

const DEFAULTS = {
  idleMs: 15 * 60_000,
  maxOpen: 100_000,
  maxMessages: 10_000,
  remember: 10_000,
  maxPendingNotifications: 1_000,
};

function keyOf(server: string, device: string, sessionId: string): string {
  return `${server}\u0000${device}\u0000${sessionId}`;
}

/** Uppercase hex without leading zeros: how Package 1 reflects the Package 0 session id (docs/dm-facts.md §7.3). */
function hexKey(s: string): string {
  return s
    .trim()
    .toUpperCase()
    .replace(/^0+(?=.)/, '');
}

/** `frame 12`, `entry 3`, `line 40` or the input name. */
function frameOf(o: Origin): string {
  if (o.frame !== undefined) return `frame ${o.frame}`;
  if (o.entry !== undefined) return `entry ${o.entry}`;
  if (o.line !== undefined) return `line ${o.line}`;
  return o.input;
}

function originProblem<C extends ProblemCode>(
  origin: Origin,
  code: C,
  message: string,
  severity: SeverityOf<C> = PROBLEM_CODES[code].severity,
): InputProblem {
  const p: InputProblem = { severity, code, message, input: origin.input };
  if (origin.frame !== undefined) p.frame = origin.frame;
  if (origin.entry !== undefined) p.entry = origin.entry;
  if (origin.line !== undefined) p.line = origin.line;
  if (origin.offset !== undefined && origin.frame === undefined) p.offset = origin.offset;
  return p;
}

/** Keys of the connection and the HTTP cookie a client message came with (`conn …`, `cookie …`). */
function connectionKeys(exchange: Exchange): string[] {
  const out: string[] = [];
  if (exchange.connection) out.push(`conn\u0000${exchange.connection}`);
  const cookie = header(exchange.request?.headers, 'cookie')?.trim();
  if (cookie) out.push(`cookie\u0000${exchange.server ?? ''}\u0000${cookie}`);
  return out;
}

/** The last message a side sent in the session. */
function lastOf(s: OpenSession, dir: Direction): SessionEntry | undefined {
  for (let i = s.entries.length - 1; i >= 0; i--) if (s.entries[i]!.direction === dir) return s.entries[i];
  return undefined;
}

/** The client message's MsgID follows the session's last client MsgID, or its SyncHdr Status refers to the last server MsgID. */
function continuesChain(s: OpenSession, sm: NonNullable<Message['syncml']>): boolean {
  const lastClient = lastOf(s, 'client')?.message.syncml?.hdr.msgID;
  const lastServer = lastOf(s, 'server')?.message.syncml?.hdr.msgID;
  if (lastServer === undefined) return false;
  const id = idNumber(sm.hdr.msgID);
  const ref = hdrStatus(sm)?.msgRef?.trim();
  return (lastClient !== undefined && id === idNumber(lastClient) + 1) || ref === lastServer.trim();
}

/** The client message answers the session's last server message: its SyncHdr Status refers to it, or it retries after a 401/407. */
function answersLastServer(s: OpenSession, m: Message): boolean {
  const sm = m.syncml;
  const last = lastOf(s, 'server')?.message.syncml;
  if (!sm || !last) return false;
  const st = hdrStatus(last);
  const code = st && statusCode(st);
  if (code === AUTH_STATUS.unauthorized || code === AUTH_STATUS.missingCredentials) return true;
  if (alertsPackage1(sm)) return false;
  return hdrStatus(sm)?.msgRef?.trim() === last.hdr.msgID?.trim();
}

/** The session holds Package 1 and its answer so far: a client Alert 1200/1201, and no client message answers a server message yet. */
function isPackage1Answer(s: OpenSession): boolean {
  let pkg1 = false;
  for (const e of s.entries) {
    const sm = e.message.syncml;
    if (e.direction !== 'client' || !sm) continue;
    if (hdrStatus(sm)) return false;
    if (alertsPackage1(sm)) pkg1 = true;
  }
  return pkg1;
}

/**
 * The incremental assembler. `push` takes one exchange's messages and returns the sessions that
 * it completed; `finish` closes the rest. `assembleSessions` and `buildSessions` wrap it.
 */
export class SessionAssembler {
  private readonly opts: Required<Omit<AssembleOptions, 'decodeNotification' | 'report'>> & AssembleOptions;
  /** Every key (including RespURI aliases) of every open session. */
  private readonly byKey = new Map<string, OpenSession>();
  /** Open sessions with a time, least recently active first (Map keeps insertion order; touching re-inserts). */
  private readonly byActivity = new Map<OpenSession, true>();
  /** Open sessions without any time (loose files): closed only at the end or when a key is reused. */
  private readonly untimed = new Set<OpenSession>();
  /** device/SessionID → how many sessions had it, for `#n`. */
  private readonly seen = new Map<string, number>();
  /** The open session each TCP connection / HTTP cookie last carried a client message of. */
  private readonly byConnection = new Map<string, OpenSession>();
  /** Package 0 notifications waiting for their Package 1, by uppercase hex session id. */
  private readonly pending = new Map<string, Notification[]>();
  private pendingCount = 0;
  private now: number | undefined;
  /** How many sessions are open right now (for the benchmark and the progress line). */
  get openCount(): number {
    return this.byActivity.size + this.untimed.size;
  }

  constructor(opts: AssembleOptions = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  private report(p: InputProblem): void {
    this.opts.report?.(p);
  }

  push(item: AssembleInput): Session[] {
    const out: Session[] = [];
    const { exchange } = item;
    let time: number | undefined;
    for (const m of item.messages) if (m.origin.time !== undefined) time = Math.max(time ?? -Infinity, m.origin.time);
    if (item.notification?.origin.time !== undefined) time = Math.max(time ?? -Infinity, item.notification.origin.time);
    if (time !== undefined) {
      this.now = Math.max(this.now ?? -Infinity, time);
      this.evictIdle(out);
    }
    if (item.notification) this.addNotification(item.notification);

    const touched = new Set<OpenSession>();
    let requestSession: OpenSession | undefined;
    const byDir: Record<Direction, Message[]> = { client: [], server: [] };
    for (const m of item.messages) {
      const dir = directionOf(m);
      if (!dir) {
        this.report(
          originProblem(
            m.origin,
            'session-direction-unknown',
            'message left out of the sessions: it cannot be told whether the device or the server sent it',
          ),
        );
        continue;
      }
      byDir[dir].push(m);
    }
    const isHttp = !!(exchange.request || exchange.response) && !exchange.lone;
    for (const m of byDir.client) {
      const s = this.route(m, 'client', exchange, out);
      if (!s) continue;
      const e: SessionEntry = { message: m, direction: 'client', exchange };
      if (exchange.response?.statusCode !== undefined) e.httpStatus = exchange.response.statusCode;
      this.append(s, e, time);
      touched.add(s);
      requestSession ??= s;
    }
    for (const m of byDir.server) {
      // HTTP pairs the answer with its request: same session, whatever its header says.
      const s = (isHttp && requestSession) || this.route(m, 'server', exchange, out);
      if (!s) continue;
      const e: SessionEntry = { message: m, direction: 'server', exchange };
      const code = m.http?.statusCode ?? exchange.response?.statusCode;
      if (code !== undefined) e.httpStatus = code;
      this.append(s, e, time);
      touched.add(s);
      const respURI = m.syncml?.hdr.respURI;
      if (respURI && respURI.trim()) {
        // A RespURI moves the session to a new URL without splitting it.
        const k = keyOf(normalizeServer(respURI), s.head.device, s.head.sessionId);
        if (!this.byKey.has(k)) {
          this.byKey.set(k, s);
          s.keys.add(k);
        }
      }
    }
    for (const s of touched) {
      const end = this.endsNow(s, isHttp);
      if (end === 'close') out.push(this.close(s));
      else if (end === 'linger' || end === 'linger-for-client') {
        s.lingering = true;
        s.awaits = end === 'linger' ? 'server' : 'client';
      }
    }
    this.enforceMaxOpen(out);
    return out;
  }

  /** Closes every open session (the input ended) and reports notifications no session answered. */
  finish(): Session[] {
    const out: Session[] = [];
    const all = [...this.untimed, ...this.byActivity.keys()];
    all.sort((a, b) => (a.entries[0]?.message.origin.time ?? 0) - (b.entries[0]?.message.origin.time ?? 0));
    for (const s of all) out.push(this.close(s, s.lingering ? undefined : 'the input ends here'));
    for (const list of this.pending.values()) {
      for (const n of list) {
        this.report(
          originProblem(
            n.origin,
            'session-notification-unanswered',
            `Package 0 notification for session ${n.sessionIdHex} (server ${JSON.stringify(n.serverId)}) is not answered by any Package 1 in this input`,
            'info',
          ),
        );
      }
    }
    this.pending.clear();
    this.pendingCount = 0;
    return out;
  }

  private addNotification(n: { bytes: Uint8Array; origin: Origin }): void {
    const decode = this.opts.decodeNotification ?? decodeNotification;
    const { notification, problems } = decode(n.bytes, n.origin);
    for (const p of problems) {
      const ip: InputProblem = { ...p, input: n.origin.input };
      if (n.origin.frame !== undefined) ip.frame = n.origin.frame;
      if (n.origin.entry !== undefined) ip.entry = n.origin.entry;
      this.report(ip);
    }
    if (!notification) return;
    const k = hexKey(notification.sessionIdHex);
    const list = this.pending.get(k) ?? [];
    list.push(notification);
    this.pending.set(k, list);
    this.pendingCount++;
    while (this.pendingCount > this.opts.maxPendingNotifications) {
      const [firstKey, firstList] = this.pending.entries().next().value as [string, Notification[]];
      const dropped = firstList.shift()!;
      this.pendingCount--;
      if (firstList.length === 0) this.pending.delete(firstKey);
      this.report(
        originProblem(
          dropped.origin,
          'session-notification-unanswered',
          `Package 0 notification for session ${dropped.sessionIdHex} not answered before ${this.opts.maxPendingNotifications} later notifications arrived`,
          'info',
        ),
      );
    }
  }

  /** The Package 0 this session's first Package 1 (Alert 1200) answers: same session id in uppercase hex (docs/dm-facts.md §7.3). */
  private takeNotification(m: Message, sessionId: string): Notification | undefined {
    if (!m.syncml || !alertCodes(m.syncml).includes(ALERT.serverInitiated)) return undefined;
    const k = hexKey(sessionId);
    const list = this.pending.get(k);
    if (!list?.length) return undefined;
    const n = list.pop()!; // the most recent trigger with that id
    this.pendingCount--;
    if (list.length === 0) this.pending.delete(k);
    return n;
  }

  private route(m: Message, dir: Direction, exchange: Exchange, out: Session[]): OpenSession | undefined {
    const sm = m.syncml;
    if (!sm) {
      this.report(
        originProblem(
          m.origin,
          'session-unassigned',
          `${dir} message left out of the sessions: no SyncHdr to tell its session`,
        ),
      );
      return undefined;
    }
    const hdrServer = dir === 'client' ? sm.hdr.target?.locURI : sm.hdr.source?.locURI;
    const device = ((dir === 'client' ? sm.hdr.source?.locURI : sm.hdr.target?.locURI) ?? '').trim();
    const sessionId = (sm.hdr.sessionID ?? '').trim();
    const httpServer = exchange.server && !exchange.lone ? normalizeServer(exchange.server) : undefined;
    const locServer = hdrServer ? normalizeServer(hdrServer) : undefined;
    const keys = [httpServer, locServer]
      .filter((s): s is string => s !== undefined)
      .map((srv) => keyOf(srv, device, sessionId));
    if (keys.length === 0) keys.push(keyOf('', device, sessionId));
    let s: OpenSession | undefined;
    for (const k of keys) {
      s = this.byKey.get(k);
      if (s) break;
    }
    const connKeys = dir === 'client' ? connectionKeys(exchange) : [];
    // DM Protocol §8.3–8.6: the SessionID stays the same; one that changed on the same connection or
    // cookie with a continuing MsgID/MsgRef chain is the same session (hdr-sessionid-constant reports it).
    if (!s && dir === 'client') s = this.continuedOnConnection(connKeys, m, device);
    if (s?.lingering) {
      // The server's reply to a client abort still belongs to it; so does the client's answer to an
      // authentication round (§9); anything else starts afresh.
      if (dir === 'server' && s.awaits === 'server') return s;
      if (dir === 'client' && s.awaits === 'client' && answersLastServer(s, m)) {
        s.lingering = false;
        s.awaits = undefined;
      } else {
        out.push(this.close(s));
        s = undefined;
      }
    }
    if (s && s.entries.length >= this.opts.maxMessages) {
      out.push(this.close(s, `closed early: more than ${this.opts.maxMessages} messages (maxMessages)`));
      s = undefined;
    }
    if (s && dir === 'client' && this.startsAnotherSession(s, m)) {
      // Devices that always use the same SessionID (docs/dm-facts.md §10 D8: hostap sends 1) start their next
      // session while the last one is still open here: a new Package 1 that answers no challenge.
      out.push(this.close(s, `a new Package 1 (${frameOf(m.origin)}) started another session with the same SessionID`));
      s = undefined;
    }
    if (!s) {
      const base = `${device}/${sessionId}`;
      const n = (this.seen.get(base) ?? 0) + 1;
      this.seen.delete(base);
      this.seen.set(base, n);
      if (this.seen.size > this.opts.remember) this.seen.delete(this.seen.keys().next().value as string);
      s = {
        head: { id: n > 1 ? `${base}#${n}` : base, sessionId, device, server: httpServer ?? locServer ?? '' },
        entries: [],
        keys: new Set(),
        lingering: false,
      };
      const notification = dir === 'client' ? this.takeNotification(m, sessionId) : undefined;
      if (notification) s.notification = notification;
    }
    for (const k of keys) {
      if (!this.byKey.has(k)) {
        this.byKey.set(k, s);
        s.keys.add(k);
      }
    }
    for (const k of connKeys) {
      const before = this.byConnection.get(k);
      // Another session on the connection: one that only waited for a client answer is over.
      if (before && before !== s && before.lingering && before.awaits === 'client') out.push(this.close(before));
      this.byConnection.set(k, s);
      s.keys.add(k);
    }
    return s;
  }

  /** The open session on this connection or cookie whose MsgID/MsgRef chain the client message continues (not a new Package 1). */
  private continuedOnConnection(connKeys: string[], m: Message, device: string): OpenSession | undefined {
    const sm = m.syncml!;
    if (alertsPackage1(sm)) return undefined;
    for (const k of connKeys) {
      const s = this.byConnection.get(k);
      if (!s || s.head.device !== device) continue;
      if (continuesChain(s, sm)) return s;
    }
    return undefined;
  }

  /**
   * The same message twice — same sender, same bytes, same capture time — is the same capture
   * read twice (overlapping inputs, a ring buffer's overlap): reported once and kept once.
   */
  private isDuplicate(s: OpenSession, e: SessionEntry): boolean {
    const t = e.message.origin.time;
    for (let i = s.entries.length - 1; i >= 0 && i >= s.entries.length - 64; i--) {
      const o = s.entries[i]!;
      if (o.direction !== e.direction || o.message.origin.time !== t || o.message.raw.length !== e.message.raw.length)
        continue;
      if (Buffer.from(o.message.raw.buffer, o.message.raw.byteOffset, o.message.raw.length).equals(e.message.raw)) {
        const where = o.message.origin;
        this.report(
          originProblem(
            e.message.origin,
            'session-duplicate-message',
            `the same ${e.direction} message was already read from ${where.input}` +
              `${where.frame !== undefined ? ` frame ${where.frame}` : where.entry !== undefined ? ` entry ${where.entry}` : where.line !== undefined ? ` line ${where.line}` : ''}` +
              `; kept once in session ${s.head.id}`,
            'info',
          ),
        );
        return true;
      }
    }
    return false;
  }

  /** A client message with Alert 1200/1201 while the server's last word was no 401/407 challenge (DM Protocol §9: only a challenge makes the client revert to Package 1). */
  private startsAnotherSession(s: OpenSession, m: Message): boolean {
    const sm = m.syncml!;
    // Only in time order: loose files may come in any order, and a message read twice is no new session.
    const t = m.origin.time;
    if (t === undefined || s.lastTime === undefined || t <= s.lastTime) return false;
    if (!alertsPackage1(sm)) return false;
    for (let i = s.entries.length - 1; i >= 0; i--) {
      const e = s.entries[i]!;
      if (e.direction !== 'server' || !e.message.syncml) continue;
      const st = hdrStatus(e.message.syncml);
      const code = st && statusCode(st);
      return code !== AUTH_STATUS.unauthorized && code !== AUTH_STATUS.missingCredentials;
    }
    // No server message yet: Package 1 sent again without an answer is a retry, not a new session.
    return false;
  }

  private append(s: OpenSession, e: SessionEntry, time: number | undefined): void {
    if (e.message.origin.time !== undefined && this.isDuplicate(s, e)) return;
    s.entries.push(e);
    const t = e.message.origin.time ?? time;
    if (t !== undefined) {
      s.lastTime = Math.max(s.lastTime ?? -Infinity, t);
      this.untimed.delete(s);
      this.byActivity.delete(s);
      this.byActivity.set(s, true);
    } else if (!this.byActivity.has(s)) {
      this.untimed.add(s);
    }
  }

  /**
   * Whether the last exchange ended the session (DM Protocol §8.1, §9): the server's package
   * needs no response; an abort; a refusal the client cannot answer (no challenge, or the same
   * challenge again after a retry).
   */
  private endsNow(s: OpenSession, isHttp: boolean): 'close' | 'linger' | 'linger-for-client' | undefined {
    const last = s.entries[s.entries.length - 1];
    const sm = last?.message.syncml;
    if (!last || !sm) return undefined;
    const codes = alertCodes(sm);
    if (last.direction === 'client') {
      if (codes.includes(ALERT.sessionAbort)) return isHttp ? 'close' : 'linger';
      return undefined;
    }
    if (codes.includes(ALERT.sessionAbort)) return 'close';
    if (
      s.entries.some(
        (e) =>
          e.direction === 'client' && e.message.syncml && alertCodes(e.message.syncml).includes(ALERT.sessionAbort),
      )
    )
      return 'close';
    const st = hdrStatus(sm);
    const code = st && statusCode(st);
    if (code === AUTH_STATUS.unauthorized || code === AUTH_STATUS.missingCredentials) {
      // A refusal without a Chal: the client may still retry with other credentials (§9).
      if (!st!.chal) return 'linger-for-client';
      const sig = `${st!.chal.meta?.type ?? ''} ${st!.chal.meta?.nextNonce ?? ''}`;
      const repeated = s.lastChallenge === sig;
      s.lastChallenge = sig;
      return repeated ? 'close' : undefined;
    }
    // Package 2 with only Status: the client may still answer it (resend credentials, challenge the server, §9).
    if (sm.final && sm.body.every((c) => c.name === 'Status') && isPackage1Answer(s)) return 'linger-for-client';
    if (sm.final && !allCommands(sm.body).some(needsResponse)) {
      // Loose files and logs may come in any order: end only a session that is whole so far —
      // its Package 1 is there and this message answers one of its client messages.
      if (!isHttp && !this.wholeSoFar(s, sm)) return undefined;
      return 'close';
    }
    return undefined;
  }

  private wholeSoFar(s: OpenSession, sm: NonNullable<Message['syncml']>): boolean {
    const ref = hdrStatus(sm)?.msgRef?.trim();
    let answered = false;
    let pkg1 = false;
    for (const e of s.entries) {
      const csm = e.message.syncml;
      if (e.direction !== 'client' || !csm) continue;
      if (csm.hdr.msgID?.trim() === ref) answered = true;
      if (alertsPackage1(csm)) pkg1 = true;
    }
    return answered && pkg1;
  }

  private evictIdle(out: Session[]): void {
    if (this.now === undefined) return;
    const limit = this.now - this.opts.idleMs;
    for (const s of this.byActivity.keys()) {
      if ((s.lastTime ?? Infinity) >= limit) break;
      out.push(
        this.close(
          s,
          s.lingering
            ? undefined
            : `no message for ${this.opts.idleMs < 1000 ? `${this.opts.idleMs} ms` : `${Math.round(this.opts.idleMs / 1000)} s`} of capture time`,
        ),
      );
    }
  }

  private enforceMaxOpen(out: Session[]): void {
    while (this.openCount > this.opts.maxOpen) {
      const s = this.byActivity.keys().next().value ?? this.untimed.values().next().value;
      if (!s) break;
      out.push(this.close(s, `closed early: more than ${this.opts.maxOpen} sessions open at once`));
    }
  }

  private close(s: OpenSession, closeReason?: string): Session {
    for (const k of s.keys) {
      if (this.byKey.get(k) === s) this.byKey.delete(k);
      if (this.byConnection.get(k) === s) this.byConnection.delete(k);
    }
    this.byActivity.delete(s);
    this.untimed.delete(s);
    const entries = orderEntries(s.entries);
    let notification = s.notification;
    if (!notification) {
      // A notification that came after the messages in the input (loose files) can still be tied.
      const first = entries.find((e) => e.direction === 'client');
      if (first) notification = this.takeNotification(first.message, s.head.sessionId);
    }
    const opts: { notification?: Notification; closeReason?: string } = {};
    if (notification) opts.notification = notification;
    if (closeReason) opts.closeReason = closeReason;
    return analyzeSession(s.head, entries, opts);
  }
}

/** Streams sessions out of a stream of exchanges' messages; each is yielded as soon as it is complete. */
export async function* assembleSessions(
  input: AsyncIterable<AssembleInput> | Iterable<AssembleInput>,
  opts: AssembleOptions = {},
): AsyncIterable<Session> {
  const asm = new SessionAssembler(opts);
  for await (const item of input) yield* asm.push(item);
  yield* asm.finish();
}

let looseIds = 0;

/**
 * Sessions from messages already in memory (tests, loose files): plain messages are each their
 * own lone exchange; `{ exchange, messages }` items keep their HTTP pairing.
 */
export function buildSessions(items: ReadonlyArray<Message | AssembleInput>, opts: AssembleOptions = {}): Session[] {
  const asm = new SessionAssembler(opts);
  const out: Session[] = [];
  for (const it of items) {
    if ('exchange' in it) out.push(...asm.push(it));
    else {
      const lone = it.http ?? { headers: [], body: it.raw, origin: it.origin };
      out.push(...asm.push({ exchange: { id: ++looseIds, lone }, messages: [it] }));
    }
  }
  out.push(...asm.finish());
  return out;
}
