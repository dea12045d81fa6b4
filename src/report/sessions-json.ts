/**
 * `dmtrace sessions --format json`: the docs/architecture.md "JSON contracts" contract, extended (never renamed).
 *
 * ```text
 * {
 *   "sessions": [ {
 *     "id": "DMCtest/1",                 // <device>/<SessionID>, "#2" when the SessionID is reused later
 *     "sessionId": "1", "device": "DMCtest", "server": "127.0.0.1:8080/funambol/dm",
 *     "packages": [1, 2, 3, 4],          // in order; a multi-message package once; 0 first when a Package 0 is tied;
 *                                        // a Package 1 resent after 401/407 appears again: [1, 2, 1, 2, 3, 4]
 *     "outcome": "completed|aborted|auth-failed|incomplete",
 *     "outcomeReason": "Package 4 (server MsgID 2, #3) holds no command that needs a response",
 *     "abortedBy": "client|server",      // only when aborted
 *     "start": "2026-11-24T05:04:18.128Z", "end": "…", "durationMs": 21.7,   // when the input has times
 *     "bytes": 4321,                     // sum of message bodies
 *     "auth": { "client": { "type": "basic|md5|hmac|none|…", "result": "accepted|rejected|challenged|unknown", "status": "212" },
 *               "server": { "type": "md5", "result": "accepted", "status": "212" },
 *               "challenges": 0 },       // 401/407 rounds, both directions
 *     "notification": { "sessionId": 4660, "sessionIdHex": "1234", "serverId": "…", "version": 11, "uiMode": "background",
 *                       "initiator": "server", "digest": "<hex>", "vendor": "<base64>", "origin": { "input": "…", "frame": 3 } },
 *     "largeObjects": [ { "direction": "server", "command": "Replace", "uri": "./x", "declaredSize": "3000", "size": 3000,
 *                         "chunks": 3, "messages": [1, 3, 5], "sha256": "<hex>", "complete": true,
 *                         "acknowledged": 2, "status": "200", "problem": "…" } ],
 *     "genericAlerts": [ { "messageIndex": 2, "type": "…", "format": "…", "mark": "…", "source": "…", "data": "…", "correlator": "…" } ],
 *     "messages": [ {
 *       "index": 0, "direction": "client|server", "package": 1, "iteration": 1, "msgId": "1",
 *       "encoding": "xml|wbxml",
 *       "origin": { "input": "capture.pcapng", "frame": 4 },   // frame | entry | line, as the input has it
 *       "time": "…", "size": 1834, "httpStatus": 200, "final": true,
 *       "packageStart": true, "authRetry": false, "nextMessageRequest": false, "answers": 0,
 *       "packageEvidence": "alert-1201",   // what the package number was read from: alert-1201, auth-retry, trace-start,
 *                                          // answers-package, answers-commands, next-package, alert-1222, after-1222, no-final
 *       "cred": "basic",                                          // SyncHdr Cred type (or hmac header)
 *       "respURI": "…",
 *       "commands": [ { "name": "Alert", "cmdID": "1", "data": "1201" },
 *                     { "name": "Replace", "cmdID": "2", "targets": [], "sources": ["./DevInfo/Mod"] },   // "moreData": true when an Item carries MoreData; "noResp": true
 *                     { "name": "Results", "cmdID": "4", "msgRef": "1", "cmdRef": "4", "targets": [], "sources": ["./DevInfo/Mod"] },
 *                     { "name": "Atomic", "cmdID": "3", "commands": [ … ] } ],
 *       "statuses": [ { "cmdID": "1", "msgRef": "1", "cmdRef": "0", "cmd": "SyncHdr", "code": "212",
 *                       "targetRef": ["…"], "sourceRef": ["…"], "chal": "md5" } ],   // chal: the Chal's auth type, when one is carried
 *       "problems": 0                                             // decoding problems in this message
 *     } ]
 *   } ],
 *   "summary": { "inputs": 1, "bytes": …, "dmMessages": 4, …, "sessions": 1 }   // ctx.summary + sessions
 * }
 * ```
 */
import type { Origin, Summary } from '../model/exchange.js';
import type { Command } from '../syncml/types.js';
import type { Session, SessionMessage } from '../session/types.js';
import { credTypeName, header, HMAC_HEADER } from '../session/inspect.js';

function iso(t: number | undefined): string | undefined {
  // A time no Date holds (the capture reader drops them; defence in depth) is left out, not thrown on.
  return t === undefined || !(Math.abs(t) <= 8.64e15) ? undefined : new Date(t).toISOString();
}

/** The origin as the contract shows it: input and frame, entry or line. */
export function originJson(o: Origin): Record<string, unknown> {
  const out: Record<string, unknown> = { input: o.input };
  if (o.frame !== undefined) out.frame = o.frame;
  if (o.entry !== undefined) out.entry = o.entry;
  if (o.line !== undefined) out.line = o.line;
  return out;
}

function uris(c: Command, side: 'target' | 'source'): string[] {
  const out: string[] = [];
  for (const i of c.items) {
    const u = i[side]?.locURI;
    if (u !== undefined) out.push(u);
  }
  return out;
}

function commandJson(c: Command): Record<string, unknown> {
  const out: Record<string, unknown> = { name: c.name };
  if (c.cmdID !== undefined) out.cmdID = c.cmdID;
  if (c.name === 'Alert' && c.data !== undefined) out.data = c.data.trim();
  if (c.noResp) out.noResp = true;
  if (c.items.length) {
    out.targets = uris(c, 'target');
    out.sources = uris(c, 'source');
    if (c.items.some((i) => i.moreData)) out.moreData = true;
  }
  if (c.name === 'Results') {
    if (c.msgRef !== undefined) out.msgRef = c.msgRef;
    if (c.cmdRef !== undefined) out.cmdRef = c.cmdRef;
  }
  if (c.correlator !== undefined) out.correlator = c.correlator;
  if (c.commands) out.commands = c.commands.filter((x) => x.name !== 'Status').map(commandJson);
  return out;
}

function statusJson(c: Command): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (c.cmdID !== undefined) out.cmdID = c.cmdID;
  if (c.msgRef !== undefined) out.msgRef = c.msgRef;
  if (c.cmdRef !== undefined) out.cmdRef = c.cmdRef;
  if (c.cmd !== undefined) out.cmd = c.cmd;
  out.code = c.data?.trim();
  if (c.targetRef.length) out.targetRef = c.targetRef;
  if (c.sourceRef.length) out.sourceRef = c.sourceRef;
  if (c.chal) out.chal = credTypeName(c.chal.meta?.type);
  return out;
}

function messageJson(m: SessionMessage): Record<string, unknown> {
  const msg = m.message;
  const sm = msg.syncml;
  const out: Record<string, unknown> = {
    index: m.index,
    direction: m.direction,
    package: m.package,
    iteration: m.iteration,
    msgId: sm?.hdr.msgID,
    encoding: msg.encoding,
    origin: originJson(msg.origin),
    time: iso(msg.origin.time),
    size: msg.raw.length,
    httpStatus: m.httpStatus,
    final: sm?.final,
    packageStart: m.packageStart,
    packageEvidence: m.packageEvidence,
    authRetry: m.authRetry,
    nextMessageRequest: m.nextMessageRequest,
    answers: m.answers,
  };
  if (sm?.hdr.cred) out.cred = credTypeName(sm.hdr.cred.meta?.type);
  else if (header(msg.http?.headers, HMAC_HEADER) !== undefined) out.cred = 'hmac';
  if (sm?.hdr.respURI) out.respURI = sm.hdr.respURI;
  const body = sm?.body ?? [];
  out.commands = body.filter((c) => c.name !== 'Status').map(commandJson);
  out.statuses = body.filter((c) => c.name === 'Status').map(statusJson);
  out.problems = msg.problems.length;
  return out;
}

/** One session as the JSON contract shows it (undefined fields are left out when serialized). */
export function sessionJson(s: Session): Record<string, unknown> {
  const n = s.notification;
  return {
    id: s.id,
    sessionId: s.sessionId,
    device: s.device,
    server: s.server,
    packages: s.packages,
    outcome: s.outcome,
    outcomeReason: s.outcomeReason,
    abortedBy: s.abortedBy,
    start: iso(s.start),
    end: iso(s.end),
    durationMs: s.start !== undefined && s.end !== undefined ? Math.round((s.end - s.start) * 1000) / 1000 : undefined,
    bytes: s.bytes,
    auth: s.auth,
    notification: n && {
      sessionId: n.sessionId,
      sessionIdHex: n.sessionIdHex,
      serverId: n.serverId,
      version: n.version,
      uiMode: n.uiMode,
      initiator: n.initiator,
      digest: n.digest,
      vendor: Buffer.from(n.vendor).toString('base64'),
      origin: originJson(n.origin),
    },
    largeObjects: s.largeObjects,
    genericAlerts: s.genericAlerts,
    messages: s.messages.map(messageJson),
  };
}

/** The whole document: sessions and the read summary with the number of sessions. */
export function sessionsJson(
  sessions: readonly Session[],
  summary: Summary,
): { sessions: Record<string, unknown>[]; summary: Record<string, unknown> } {
  return { sessions: sessions.map(sessionJson), summary: { ...summary, sessions: sessions.length } };
}

/** Serialized, two-space indented. */
export function renderSessionsJson(sessions: readonly Session[], summary: Summary): string {
  return `${JSON.stringify(sessionsJson(sessions, summary), null, 2)}\n`;
}
