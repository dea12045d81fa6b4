/**
 * One session's messages (already grouped and ordered) → a Session: package numbers
 * (DM Protocol §8, docs/architecture.md "JSON contracts"), multiple messages pulled with Alert 1222 (§6),
 * authentication rounds (§9), large objects (§7), generic alerts (§8.7) and the outcome.
 * A pure function: the streaming assembler (assemble.ts) decides when a session is complete and
 * calls this once per session.
 */
import type { Direction, Exchange } from '../model/exchange.js';
import type { Message, SyncML } from '../syncml/types.js';
import type { AuthInfo, GenericAlert, Notification, Outcome, Session, SessionMessage } from './types.js';
import {
  ALERT,
  AUTH_STATUS,
  HMAC_HEADER,
  allCommands,
  alertCodes,
  alertsPackage1,
  credTypeName,
  hdrStatus,
  header,
  needsResponse,
  onlyStatusAndNextMessage,
  statusCode,
} from './inspect.js';
import { findLargeObjects } from './large-objects.js';

/** One message as the assembler hands it over: the message, who sent it, the exchange it came in. */
export interface SessionEntry {
  message: Message;
  direction: Direction;
  exchange?: Exchange;
  /** HTTP status of the response that carried it or answered it. */
  httpStatus?: number;
}

export interface SessionHead {
  id: string;
  sessionId: string;
  device: string;
  server: string;
}

export interface AnalyzeOptions {
  notification?: Notification;
  /** Why the assembler closed the session when it did not end by itself (idle, too many open sessions, end of input). */
  closeReason?: string;
}

/** A message that only pulls the peer's next message: no Final, only Status and Alert 1222, while the peer is mid-package (DM Protocol §6.2). */
function isPull(sm: SyncML, peerOpen: boolean): boolean {
  if (sm.final) return false;
  if (!onlyStatusAndNextMessage(sm)) return false;
  return peerOpen || alertCodes(sm).includes(ALERT.nextMessage);
}

const peerOf = (d: Direction): Direction => (d === 'client' ? 'server' : 'client');

/** Status (other than for the SyncHdr) or Results: the message answers the peer's commands (DM Protocol §8.5, §8.6). */
function answersCommands(sm: SyncML): boolean {
  return sm.body.some(
    (c) => c.name === 'Results' || (c.name === 'Status' && c.cmd !== 'SyncHdr' && c.cmdRef?.trim() !== '0'),
  );
}

/**
 * Assigns package numbers, iterations, pull/continuation flags and the evidence of each number in
 * place; returns the package sequence. A package is read from what the messages carry (Alert
 * 1200/1201, a 401/407 retry, Alert 1222 pulls, Status/Results answering the peer's commands);
 * Final is evidence too, and where the two disagree the content wins (the rule pkg-final-evidence
 * reports the side at fault).
 */
function numberPackages(messages: SessionMessage[]): number[] {
  const packages: number[] = [];
  const pkg: Record<Direction, number | undefined> = { client: undefined, server: undefined };
  // A side is "open" while its current package has not been closed with Final.
  const open: Record<Direction, boolean> = { client: false, server: false };
  // The peer's last message pulled this side's next message (Alert 1222).
  const pulled: Record<Direction, boolean> = { client: false, server: false };
  // The peer sent a message (not a pull) since this side's last message.
  const peerSpoke: Record<Direction, boolean> = { client: false, server: false };
  let iteration = 0;
  let challenged = false;
  const iterOf = (n: number | undefined) => (n !== undefined && n >= 3 ? Math.max(iteration, 1) : 1);
  for (const m of messages) {
    const sm = m.message.syncml;
    const dir = m.direction;
    const peer = peerOf(dir);
    if (!sm) {
      // Undecodable: it belongs to whatever this side was doing; nothing changes.
      m.package = open[dir] ? pkg[dir] : undefined;
      continue;
    }
    if (isPull(sm, open[peer])) {
      m.nextMessageRequest = true;
      m.packageEvidence = 'alert-1222';
      m.package = pkg[peer];
      m.iteration = iterOf(pkg[peer]);
    } else if (pulled[dir] && pkg[dir] !== undefined) {
      // Pulled with Alert 1222: more of the same package, whatever Final the last message carried.
      m.packageEvidence = 'after-1222';
      m.package = pkg[dir];
      m.iteration = iterOf(pkg[dir]);
    } else if (open[dir] && pkg[dir] !== undefined && !(peerSpoke[dir] && answersCommands(sm))) {
      m.packageEvidence = 'no-final';
      m.package = pkg[dir];
      m.iteration = iterOf(pkg[dir]);
    } else {
      let n: number | undefined;
      if (dir === 'client') {
        m.authRetry = challenged && packages.length > 0;
        if (alertsPackage1(sm)) {
          n = 1;
          m.packageEvidence = 'alert-1201';
        } else if (pkg.client === undefined && pkg.server === undefined) {
          n = hdrStatus(sm) ? 3 : 1; // the trace starts mid-session
          m.packageEvidence = 'trace-start';
        }
        // DM Protocol §9: after a 401/407 the client repeats the request that was challenged. A resent
        // Package 1 is a retry of Package 1 even when it lacks Alert 1200/1201 (docs/architecture.md "JSON contracts": an MD5 round
        // reads [1, 2, 1, 2, 3, 4]), so that the Package 1 rules check it.
        else if (m.authRetry && pkg.client === 1) {
          n = 1;
          m.packageEvidence = 'auth-retry';
        } else {
          n = 3;
          m.packageEvidence = peerSpoke[dir] && answersCommands(sm) ? 'answers-commands' : 'next-package';
        }
      } else {
        const c = pkg.client;
        n = c === 1 ? 2 : c === 3 ? 4 : c === undefined ? undefined : c + 1;
        if (n !== undefined) m.packageEvidence = 'answers-package';
      }
      if (n === 3) iteration++;
      m.package = n;
      m.iteration = iterOf(n);
      if (n !== undefined) {
        m.packageStart = true;
        packages.push(n);
      }
      pkg[dir] = n;
    }
    if (!m.nextMessageRequest) open[dir] = !sm.final;
    pulled[peer] = m.nextMessageRequest;
    pulled[dir] = false;
    peerSpoke[dir] = false;
    if (!m.nextMessageRequest) peerSpoke[peer] = true;
    if (dir === 'server') {
      const code = hdrStatus(sm) && statusCode(hdrStatus(sm)!);
      challenged = code === AUTH_STATUS.unauthorized || code === AUTH_STATUS.missingCredentials;
    }
  }
  return packages;
}

/** The peer message a message's SyncHdr Status answers: the HTTP pairing, else by MsgRef, else the peer's latest message. */
function answeredMessage(messages: SessionMessage[], m: SessionMessage): SessionMessage | undefined {
  if (m.answers !== undefined) return messages[m.answers];
  const sm = m.message.syncml;
  const ref = sm && hdrStatus(sm)?.msgRef?.trim();
  let latest: SessionMessage | undefined;
  for (let i = m.index - 1; i >= 0; i--) {
    const p = messages[i]!;
    if (p.direction === m.direction) continue;
    latest ??= p;
    if (ref === undefined || p.message.syncml?.hdr.msgID?.trim() === ref) return p;
  }
  return latest;
}

/**
 * Client and server credentials and the other side's verdict on them (DM Protocol §9; docs/dm-facts.md
 * §6.2): 212 accepts for the rest of the session; 200 accepts the credentials of the message it
 * answers (and does not undo a 212); 401 refuses credentials that were sent, 407 (or 401 without
 * credentials) asks for them.
 */
function findAuth(messages: SessionMessage[]): AuthInfo {
  const auth: AuthInfo = { client: { type: 'none' }, server: { type: 'none' }, challenges: 0 };
  /** Whether each message (by index) carried credentials. */
  const hadCred = new Map<number, boolean>();
  for (const m of messages) {
    const sm = m.message.syncml;
    const side = m.direction === 'client' ? auth.client : auth.server;
    const other = m.direction === 'client' ? auth.server : auth.client;
    const hmac = header(m.message.http?.headers, HMAC_HEADER);
    let cred = false;
    if (sm?.hdr.cred) {
      side.type = credTypeName(sm.hdr.cred.meta?.type);
      cred = true;
    } else if (hmac !== undefined) {
      side.type = 'hmac';
      cred = true;
    }
    hadCred.set(m.index, cred);
    if (!sm) continue;
    const st = hdrStatus(sm);
    const code = st && statusCode(st);
    if (!code) continue;
    const answered = answeredMessage(messages, m);
    const peerSentCred = answered ? hadCred.get(answered.index) === true : other.type !== 'none';
    if (code === AUTH_STATUS.authenticated) {
      other.result = 'accepted';
      other.status = code;
    } else if (code === AUTH_STATUS.ok) {
      if (peerSentCred && other.status !== AUTH_STATUS.authenticated) {
        other.result = 'accepted';
        other.status = code;
      }
    } else if (code === AUTH_STATUS.unauthorized || code === AUTH_STATUS.missingCredentials) {
      auth.challenges++;
      other.result = code === AUTH_STATUS.unauthorized && peerSentCred ? 'rejected' : 'challenged';
      other.status = code;
    }
  }
  return auth;
}

function findGenericAlerts(messages: SessionMessage[]): GenericAlert[] {
  const out: GenericAlert[] = [];
  for (const m of messages) {
    const sm = m.message.syncml;
    if (!sm) continue;
    for (const c of allCommands(sm.body)) {
      if (c.name !== 'Alert' || c.data?.trim() !== ALERT.genericAlert) continue;
      for (const item of c.items.length ? c.items : [undefined]) {
        out.push({
          messageIndex: m.index,
          type: item?.meta?.type ?? c.meta?.type,
          format: item?.meta?.format ?? c.meta?.format,
          mark: item?.meta?.mark ?? c.meta?.mark,
          source: item?.source?.locURI,
          data: item?.data?.text,
          correlator: c.correlator,
        });
      }
    }
  }
  return out;
}

/** `Pkg4 (server MsgID 2)` for reasons. */
function describe(m: SessionMessage): string {
  const id = m.message.syncml?.hdr.msgID;
  return `${m.package !== undefined ? `Package ${m.package}` : 'message'} (${m.direction} MsgID ${id ?? '?'}, #${m.index})`;
}

function findOutcome(
  messages: SessionMessage[],
  closeReason: string | undefined,
): { outcome: Outcome; reason: string; abortedBy?: Direction } {
  // DM Protocol §8.1 session abort: either side, at any time.
  for (const m of messages) {
    if (m.message.syncml && alertCodes(m.message.syncml).includes(ALERT.sessionAbort)) {
      return {
        outcome: 'aborted',
        abortedBy: m.direction,
        reason: `the ${m.direction} sent Alert 1223 (session abort) in ${describe(m)}`,
      };
    }
  }
  const last = messages[messages.length - 1];
  if (!last) return { outcome: 'incomplete', reason: closeReason ?? 'no message' };
  const sm = last.message.syncml;
  const tail = closeReason ? `; ${closeReason}` : '';
  if (!sm) return { outcome: 'incomplete', reason: `the last message (#${last.index}) could not be decoded${tail}` };
  const st = hdrStatus(sm);
  const code = st && statusCode(st);
  if (code === AUTH_STATUS.unauthorized || code === AUTH_STATUS.missingCredentials) {
    const whose = last.direction === 'server' ? "client's" : "server's";
    return {
      outcome: 'auth-failed',
      reason: `the ${last.direction} answered the ${whose} credentials with ${code}${st?.chal ? ' and a challenge' : ' without a challenge'} in ${describe(last)} and no retry followed${tail}`,
    };
  }
  if (last.direction === 'server') {
    if (!sm.final)
      return { outcome: 'incomplete', reason: `the trace ends in the middle of ${describe(last)} (no Final)${tail}` };
    const pending = allCommands(sm.body).filter(needsResponse);
    if (pending.length === 0) {
      return { outcome: 'completed', reason: `${describe(last)} holds no command that needs a response` };
    }
    const names = [...new Set(pending.map((c) => c.name))].join(', ');
    return {
      outcome: 'incomplete',
      reason: `${describe(last)} has commands needing a response (${names}) but the trace has no answer${tail}`,
    };
  }
  const http = last.httpStatus !== undefined && last.httpStatus !== 200 ? ` (HTTP ${last.httpStatus})` : '';
  return {
    outcome: 'incomplete',
    reason: `the trace ends after ${describe(last)} without the server's answer${http}${tail}`,
  };
}

/** Index of the client message each server message answers: same HTTP exchange, else by MsgRef of its SyncHdr Status. */
function pairAnswers(messages: SessionMessage[]): void {
  for (const m of messages) {
    if (m.direction !== 'server') continue;
    let found: number | undefined;
    if (m.exchange) {
      for (let i = m.index - 1; i >= 0; i--) {
        const c = messages[i]!;
        if (c.direction === 'client' && c.exchange === m.exchange) {
          found = i;
          break;
        }
      }
    }
    if (found === undefined && m.message.syncml) {
      const ref = hdrStatus(m.message.syncml)?.msgRef?.trim();
      if (ref !== undefined) {
        for (let i = m.index - 1; i >= 0; i--) {
          const c = messages[i]!;
          if (c.direction === 'client' && c.message.syncml?.hdr.msgID?.trim() === ref) {
            found = i;
            break;
          }
        }
      }
    }
    if (found !== undefined) {
      m.answers = found;
      if (m.httpStatus === undefined && messages[found]!.httpStatus !== undefined)
        m.httpStatus = messages[found]!.httpStatus;
    }
  }
  // The client's answer: the server message of the same exchange, or the next server message that refers to it.
  for (const m of messages) {
    if (m.direction === 'server' && m.answers !== undefined) {
      const c = messages[m.answers]!;
      if (c.httpStatus === undefined && m.httpStatus !== undefined) c.httpStatus = m.httpStatus;
    }
  }
}

/** Builds the Session from its ordered entries. */
export function analyzeSession(
  head: SessionHead,
  entries: readonly SessionEntry[],
  opts: AnalyzeOptions = {},
): Session {
  const messages: SessionMessage[] = entries.map((e, index) => ({
    index,
    direction: e.direction,
    message: e.message,
    iteration: 1,
    packageStart: false,
    authRetry: false,
    nextMessageRequest: false,
    httpStatus: e.httpStatus,
    exchange: e.exchange,
  }));
  pairAnswers(messages);
  const packages = numberPackages(messages);
  if (opts.notification) packages.unshift(0);
  const { outcome, reason, abortedBy } = findOutcome(messages, opts.closeReason);
  let start: number | undefined;
  let end: number | undefined;
  let bytes = 0;
  for (const m of messages) {
    const t = m.message.origin.time;
    if (t !== undefined) {
      if (start === undefined || t < start) start = t;
      if (end === undefined || t > end) end = t;
    }
    bytes += m.message.raw.length;
  }
  const session: Session = {
    ...head,
    messages,
    packages,
    outcome,
    outcomeReason: reason,
    auth: findAuth(messages),
    largeObjects: findLargeObjects(messages),
    genericAlerts: findGenericAlerts(messages),
    bytes,
  };
  if (abortedBy) session.abortedBy = abortedBy;
  if (opts.notification) session.notification = opts.notification;
  if (start !== undefined) session.start = start;
  if (end !== undefined) session.end = end;
  return session;
}
