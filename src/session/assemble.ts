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
 *
 * Everything bounded or remembered across sessions is kept per device shard (src/session/shard.ts),
 * so that what happens to a session depends only on its device's messages and capture time:
 * `lint --jobs` relies on it (src/cli/jobs.ts).
 */
import { quoted, type InputProblem, type Problem } from '../model/problem.js';
import { PROBLEM_CODES, type ProblemCode, type SeverityOf } from '../model/problem-codes.js';
import type { Direction, Exchange, Origin } from '../model/exchange.js';
import type { Message, SyncML } from '../syncml/types.js';
import { decodeNotification } from '../notification/package0.js';
import { analyzeSession, type SessionEntry, type SessionHead } from './analyze.js';
import {
  ALERT,
  AUTH_STATUS,
  alertCodes,
  alertsPackage1,
  allCommands,
  directionOf,
  hasAlert,
  hdrStatus,
  header,
  idNumber,
  needsResponse,
  normalizeServer,
  statusCode,
} from './inspect.js';
import { orderEntries } from './order.js';
import { DEVICE_SHARDS, compareOrderKeys, deviceShard, perShard } from './shard.js';
import type { Notification, Session } from './types.js';

/** What the assembler reads: the messages of one exchange (src/sources/messages.ts `messagesOf`). */
export interface AssembleInput {
  exchange: Exchange;
  messages: Message[];
  /** A Package 0 body found in the exchange (`application/vnd.syncml.notification`). */
  notification?: { bytes: Uint8Array; origin: Origin };
  /** Capture time of an exchange whose messages another worker has (src/cli/jobs.ts): it moves the clock only. */
  time?: number;
}

export type NotificationDecoder = (
  bytes: Uint8Array,
  origin: Origin,
) => { notification?: Notification; problems: Problem[] };

export interface AssembleOptions {
  /** Close a session after this much capture time (ms) without a message of its own. Default 15 minutes. */
  idleMs?: number;
  /** At most this many sessions open at once, shared out over the device shards (src/session/shard.ts); beyond its part a shard closes its least recently active one. Default 100 000. */
  maxOpen?: number;
  /** At most this many messages in one session (a guard against hostile input); the session is closed there and the rest starts a new one. Default 10 000. */
  maxMessages?: number;
  /** How many device/SessionID pairs are remembered to number a reused SessionID (`#2`), shared out over the device shards. Default 10 000. */
  remember?: number;
  /** A Package 0 notification waits for its Package 1 until this many later notifications have arrived. Default 1 000. */
  maxPendingNotifications?: number;
  /** How many device shards the bounds are shared out over (src/session/shard.ts). Default 16; 1 makes them global. */
  shards?: number;
  /** Decodes Package 0 bodies; default src/notification/package0.ts `decodeNotification`. */
  decodeNotification?: NotificationDecoder;
  /**
   * Where the assembler reports what it could not place (a message without SyncHdr, an unanswered
   * notification). `about` says what a problem is about when it is not the exchange's own messages
   * (src/cli/jobs.ts uses it to report each once): a Package 0 body (`shared`: every worker decodes
   * it), or a notification no session of this assembler took (`untaken`: one worker's verdict of
   * all workers' that it is unanswered).
   */
  report?: (p: InputProblem, about?: ReportAbout) => void;
}

/** What a problem is about, when not the messages of the exchange being pushed (AssembleOptions.report). */
export type ReportAbout = { shared: true } | { untaken: number };

/** A Package 0 notification waiting for Package 1s: the first of each device takes it (per device, so that --jobs gives the same: src/session/shard.ts). */
interface PendingNotification {
  notification: Notification;
  /** Its place among all the notifications read (1, 2, …). */
  arrival: number;
  /** The devices whose session took it. */
  takenBy: Set<string>;
}

interface OpenSession {
  head: SessionHead;
  /** deviceShard(head.device). */
  shard: number;
  /** Order key of its last timed message (or, untimed, of its first): push index × 4 + the message's place in the exchange. */
  touch: number;
  entries: SessionEntry[];
  /** What its client messages said so far (kept as they are appended: a session holds up to maxMessages). */
  client: ClientFacts;
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

interface ClientFacts {
  /** Trimmed MsgIDs (undefined for a SyncHdr without one). */
  msgIDs: Set<string | undefined>;
  /** A client message alerted 1200/1201 (Package 1, DM Protocol §8.3). */
  package1: boolean;
  /** A client message alerted 1223 (session abort, §8.7). */
  abort: boolean;
  /** A client message carried a Status for the server's SyncHdr: it answers a server package. */
  answersServer: boolean;
}

const newClientFacts = (): ClientFacts => ({ msgIDs: new Set(), package1: false, abort: false, answersServer: false });

function addClientFacts(f: ClientFacts, sm: NonNullable<Message['syncml']>): void {
  f.msgIDs.add(sm.hdr.msgID?.trim());
  if (alertsPackage1(sm)) f.package1 = true;
  if (hasAlert(sm, ALERT.sessionAbort)) f.abort = true;
  if (hdrStatus(sm)) f.answersServer = true;
}

const DEFAULTS = {
  idleMs: 15 * 60_000,
  maxOpen: 100_000,
  maxMessages: 10_000,
  remember: 10_000,
  maxPendingNotifications: 1_000,
  shards: DEVICE_SHARDS,
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

/**
 * Keys of the connection and the HTTP cookie a device's client message came with (`conn …`,
 * `cookie …`): per device, so that one device's traffic never closes or continues another's.
 */
function connectionKeys(exchange: Exchange, device: string): string[] {
  const out: string[] = [];
  if (exchange.connection) out.push(`conn\u0000${device}\u0000${exchange.connection}`);
  const cookie = header(exchange.request?.headers, 'cookie')?.trim();
  if (cookie) out.push(`cookie\u0000${device}\u0000${exchange.server ?? ''}\u0000${cookie}`);
  return out;
}

/**
 * The device a message belongs to, as the assembler keys its session: the Source LocURI of a
 * client message, the Target LocURI of a server message (trimmed); undefined when it cannot be
 * placed (no direction, no SyncHdr).
 */
export function deviceOf(m: Message): string | undefined {
  const dir = directionOf(m);
  return dir && m.syncml ? hdrDevice(m.syncml.hdr, dir) : undefined;
}

/** The device a SyncHdr names, sent by `dir`: the one rule route, deviceOf and `--jobs` (peekDevice) share. */
export function hdrDevice(hdr: SyncML['hdr'], dir: Direction): string {
  return ((dir === 'client' ? hdr.source?.locURI : hdr.target?.locURI) ?? '').trim();
}

/**
 * A device or SessionID as a session's id shows it: as read, unless it holds a control character
 * (a newline in a SessionID, fuzz log seed 12, iteration 106,828): then quoted with those
 * escaped, as the id is printed in one-line problems and report headers. The value itself stays
 * as read in `device` and `sessionId`.
 */
function idPart(v: string): string {
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(v) ? quoted(v) : v;
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
  return s.client.package1 && !s.client.answersServer;
}

/**
 * The incremental assembler. `push` takes one exchange's messages and returns the sessions that
 * it completed; `finish` closes the rest. `assembleSessions` and `buildSessions` wrap it.
 */
export class SessionAssembler {
  private readonly opts: Required<Omit<AssembleOptions, 'decodeNotification' | 'report'>> & AssembleOptions;
  /** Every key (including RespURI aliases) of every open session. */
  private readonly byKey = new Map<string, OpenSession>();
  /**
   * Per device shard (src/session/shard.ts), open sessions with a time, least recently active first
   * (Map keeps insertion order; touching re-inserts).
   */
  private readonly byActivity: Array<Map<OpenSession, true>>;
  /** Per device shard, open sessions without any time (loose files): closed only at the end or when a key is reused. */
  private readonly untimed: Array<Set<OpenSession>>;
  /** Per device shard, device/SessionID → how many sessions had it, for `#n`. */
  private readonly seen: Array<Map<string, number>>;
  /** The open session each TCP connection / HTTP cookie last carried a device's client message of. */
  private readonly byConnection = new Map<string, OpenSession>();
  /** Package 0 notifications waiting for their Package 1, by uppercase hex session id, and all of them by arrival. */
  private readonly pending = new Map<string, PendingNotification[]>();
  private readonly arrivals: PendingNotification[] = [];
  private arrived = 0;
  private now: number | undefined;
  /** How many exchanges were pushed: the first part of every order key. */
  private pushes = 0;
  /** Order keys of the sessions handed on (orderKey). */
  private readonly keys = new WeakMap<Session, number[]>();
  private readonly maxOpenPerShard: number;
  private readonly rememberPerShard: number;
  /** How many sessions are open right now (for the benchmark and the progress line). */
  get openCount(): number {
    let n = 0;
    for (let i = 0; i < this.opts.shards; i++) n += this.byActivity[i]!.size + this.untimed[i]!.size;
    return n;
  }

  constructor(opts: AssembleOptions = {}) {
    this.opts = { ...DEFAULTS, ...opts };
    const shards = this.opts.shards;
    this.byActivity = Array.from({ length: shards }, () => new Map());
    this.untimed = Array.from({ length: shards }, () => new Set());
    this.seen = Array.from({ length: shards }, () => new Map());
    this.maxOpenPerShard = perShard(this.opts.maxOpen, shards);
    this.rememberPerShard = perShard(this.opts.remember, shards);
  }

  private report(p: InputProblem, about?: ReportAbout): void {
    this.opts.report?.(p, about);
  }

  /**
   * Where a session handed on by push or finish comes in the order one assembler over all devices
   * hands them on: compared with compareOrderKeys, the keys of assemblers that each saw some
   * devices' messages (and every exchange's time) merge into that order (src/cli/jobs.ts).
   */
  orderKey(s: Session): readonly number[] {
    return this.keys.get(s) ?? [];
  }

  /**
   * One exchange's messages; the sessions it completed. An item with `time` and no messages moves
   * the capture clock only: a worker of src/cli/jobs.ts pushes other workers' exchanges so.
   */
  push(item: AssembleInput): Session[] {
    const out: Session[] = [];
    const p = this.pushes++;
    const { exchange } = item;
    let time: number | undefined = item.time;
    for (const m of item.messages) if (m.origin.time !== undefined) time = Math.max(time ?? -Infinity, m.origin.time);
    if (item.notification?.origin.time !== undefined) time = Math.max(time ?? -Infinity, item.notification.origin.time);
    if (time !== undefined) {
      this.now = Math.max(this.now ?? -Infinity, time);
      this.evictIdle(out, p);
    }
    const evicted = out.length;
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
    const touchOf = (m: Message) => p * 4 + Math.min(3, item.messages.indexOf(m));
    for (const m of byDir.client) {
      const s = this.route(m, 'client', exchange, out);
      if (!s) continue;
      const e: SessionEntry = { message: m, direction: 'client', exchange };
      if (exchange.response?.statusCode !== undefined) e.httpStatus = exchange.response.statusCode;
      this.append(s, e, time, touchOf(m));
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
      this.append(s, e, time, touchOf(m));
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
    for (let i = evicted; i < out.length; i++) this.keys.set(out[i]!, [p, 1, i]);
    return out;
  }

  /** Closes every open session (the input ended) and reports notifications no session answered. */
  finish(): Session[] {
    const p = this.pushes;
    // By the time of the first message; the untimed (in the order they opened), then the timed
    // (least recently active first), as one assembler over every device would have them.
    const all: Array<{ s: OpenSession; key: number[] }> = [];
    for (let i = 0; i < this.opts.shards; i++) {
      for (const s of this.untimed[i]!)
        all.push({ s, key: [p, 2, s.entries[0]?.message.origin.time ?? 0, 0, s.touch] });
      for (const s of this.byActivity[i]!.keys())
        all.push({ s, key: [p, 2, s.entries[0]?.message.origin.time ?? 0, 1, s.touch] });
    }
    all.sort((a, b) => compareOrderKeys(a.key, b.key));
    const out: Session[] = [];
    for (const { s, key } of all) {
      const session = this.close(s, s.lingering ? undefined : 'the input ends here');
      this.keys.set(session, key);
      out.push(session);
    }
    for (const pn of this.arrivals) {
      if (pn.takenBy.size > 0) continue;
      const n = pn.notification;
      this.report(
        originProblem(
          n.origin,
          'session-notification-unanswered',
          `Package 0 notification for session ${n.sessionIdHex} (server ${JSON.stringify(n.serverId)}) is not answered by any Package 1 in this input`,
          'info',
        ),
        { untaken: pn.arrival },
      );
    }
    this.pending.clear();
    this.arrivals.length = 0;
    return out;
  }

  private addNotification(n: { bytes: Uint8Array; origin: Origin }): void {
    const decode = this.opts.decodeNotification ?? decodeNotification;
    const { notification, problems } = decode(n.bytes, n.origin);
    for (const p of problems) {
      const ip: InputProblem = { ...p, input: n.origin.input };
      if (n.origin.frame !== undefined) ip.frame = n.origin.frame;
      if (n.origin.entry !== undefined) ip.entry = n.origin.entry;
      this.report(ip, { shared: true });
    }
    if (!notification) return;
    const k = hexKey(notification.sessionIdHex);
    const pn: PendingNotification = { notification, arrival: ++this.arrived, takenBy: new Set() };
    const list = this.pending.get(k) ?? [];
    list.push(pn);
    this.pending.set(k, list);
    this.arrivals.push(pn);
    // Bounded by arrivals, not by what was taken, so that every worker drops the same one at the same place.
    while (this.arrivals.length > this.opts.maxPendingNotifications) {
      const dropped = this.arrivals.shift()!;
      const dk = hexKey(dropped.notification.sessionIdHex);
      const same = this.pending.get(dk)!;
      same.splice(same.indexOf(dropped), 1);
      if (same.length === 0) this.pending.delete(dk);
      if (dropped.takenBy.size > 0) continue;
      this.report(
        originProblem(
          dropped.notification.origin,
          'session-notification-unanswered',
          `Package 0 notification for session ${dropped.notification.sessionIdHex} not answered before ${this.opts.maxPendingNotifications} later notifications arrived`,
          'info',
        ),
        { untaken: dropped.arrival },
      );
    }
  }

  /**
   * The Package 0 this session's first Package 1 (Alert 1200) answers: same session id in uppercase
   * hex (docs/dm-facts.md §7.3), the most recent such trigger this device has not answered yet.
   */
  private takeNotification(m: Message, sessionId: string, device: string): Notification | undefined {
    if (!m.syncml || !alertCodes(m.syncml).includes(ALERT.serverInitiated)) return undefined;
    const list = this.pending.get(hexKey(sessionId));
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const pn = list[i]!;
      if (pn.takenBy.has(device)) continue;
      pn.takenBy.add(device);
      return pn.notification;
    }
    return undefined;
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
    const device = hdrDevice(sm.hdr, dir);
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
    const connKeys = dir === 'client' ? connectionKeys(exchange, device) : [];
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
      const base = `${idPart(device)}/${idPart(sessionId)}`;
      const shard = deviceShard(device, this.opts.shards);
      const seen = this.seen[shard]!;
      const n = (seen.get(base) ?? 0) + 1;
      seen.delete(base);
      seen.set(base, n);
      if (seen.size > this.rememberPerShard) seen.delete(seen.keys().next().value as string);
      s = {
        head: { id: n > 1 ? `${base}#${n}` : base, sessionId, device, server: httpServer ?? locServer ?? '' },
        shard,
        touch: 0,
        entries: [],
        client: newClientFacts(),
        keys: new Set(),
        lingering: false,
      };
      const notification = dir === 'client' ? this.takeNotification(m, sessionId, device) : undefined;
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
      // Another session of this device on the connection: one that only waited for a client answer is over.
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

  private append(s: OpenSession, e: SessionEntry, time: number | undefined, touch: number): void {
    if (e.message.origin.time !== undefined && this.isDuplicate(s, e)) return;
    s.entries.push(e);
    if (e.direction === 'client' && e.message.syncml) addClientFacts(s.client, e.message.syncml);
    const t = e.message.origin.time ?? time;
    const byActivity = this.byActivity[s.shard]!;
    const untimed = this.untimed[s.shard]!;
    if (t !== undefined) {
      s.lastTime = Math.max(s.lastTime ?? -Infinity, t);
      s.touch = touch;
      untimed.delete(s);
      byActivity.delete(s);
      byActivity.set(s, true);
    } else if (!byActivity.has(s) && !untimed.has(s)) {
      s.touch = touch;
      untimed.add(s);
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
    if (s.client.abort) return 'close';
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
    return s.client.package1 && s.client.msgIDs.has(hdrStatus(sm)?.msgRef?.trim());
  }

  /** Closes the sessions idle for idleMs of capture time: in each shard the least recently active ones, all in the order they were last active. */
  private evictIdle(out: Session[], p: number): void {
    if (this.now === undefined) return;
    const limit = this.now - this.opts.idleMs;
    const idle: OpenSession[] = [];
    for (const byActivity of this.byActivity) {
      for (const s of byActivity.keys()) {
        if ((s.lastTime ?? Infinity) >= limit) break;
        idle.push(s);
      }
    }
    if (idle.length > 1) idle.sort((a, b) => a.touch - b.touch);
    const idleFor = this.opts.idleMs < 1000 ? `${this.opts.idleMs} ms` : `${Math.round(this.opts.idleMs / 1000)} s`;
    for (const s of idle) {
      const session = this.close(s, s.lingering ? undefined : `no message for ${idleFor} of capture time`);
      this.keys.set(session, [p, 0, s.touch]);
      out.push(session);
    }
  }

  /** Each shard keeps at most its part of maxOpen open: beyond it, its least recently active session is closed. */
  private enforceMaxOpen(out: Session[]): void {
    for (let i = 0; i < this.opts.shards; i++) {
      const byActivity = this.byActivity[i]!;
      const untimed = this.untimed[i]!;
      while (byActivity.size + untimed.size > this.maxOpenPerShard) {
        const s = byActivity.keys().next().value ?? untimed.values().next().value;
        if (!s) break;
        out.push(this.close(s, `closed early: more than ${this.opts.maxOpen} sessions open at once`));
      }
    }
  }

  private close(s: OpenSession, closeReason?: string): Session {
    for (const k of s.keys) {
      if (this.byKey.get(k) === s) this.byKey.delete(k);
      if (this.byConnection.get(k) === s) this.byConnection.delete(k);
    }
    this.byActivity[s.shard]!.delete(s);
    this.untimed[s.shard]!.delete(s);
    const entries = orderEntries(s.entries);
    let notification = s.notification;
    if (!notification) {
      // A notification that came after the messages in the input (loose files) can still be tied.
      const first = entries.find((e) => e.direction === 'client');
      if (first) notification = this.takeNotification(first.message, s.head.sessionId, s.head.device);
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
