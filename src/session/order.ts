/**
 * Ordering the messages of a session that did not come over HTTP (loose files, log excerpts):
 * by time when every message has one, else each side by MsgID and the two sides interleaved so
 * that each server message follows the client message its SyncHdr Status refers to (MsgRef).
 * Messages carried by HTTP keep the order of their exchanges.
 */
import type { SessionEntry } from './analyze.js';
import { hdrStatus, idNumber } from './inspect.js';

function msgId(e: SessionEntry): number {
  return idNumber(e.message.syncml?.hdr.msgID);
}

function msgRef(e: SessionEntry): number {
  const sm = e.message.syncml;
  if (!sm) return Number.MAX_SAFE_INTEGER;
  const ref = hdrStatus(sm)?.msgRef;
  return ref !== undefined ? idNumber(ref) : idNumber(sm.hdr.msgID);
}

/** True when every entry came in an HTTP exchange (request or response): arrival order is the order. */
export function allHttp(entries: readonly SessionEntry[]): boolean {
  return entries.every((e) => e.exchange && (e.exchange.request || e.exchange.response) && !e.exchange.lone);
}

/** Orders a session's entries (stable; see the module comment). */
export function orderEntries(entries: readonly SessionEntry[]): SessionEntry[] {
  if (allHttp(entries)) return [...entries];
  const withIndex = entries.map((e, i) => ({ e, i }));
  if (entries.every((e) => e.message.origin.time !== undefined)) {
    return withIndex.sort((a, b) => a.e.message.origin.time! - b.e.message.origin.time! || a.i - b.i).map((x) => x.e);
  }
  const side = (dir: 'client' | 'server') =>
    withIndex
      .filter((x) => x.e.direction === dir)
      .sort((a, b) => msgId(a.e) - msgId(b.e) || a.i - b.i)
      .map((x) => x.e);
  const clients = side('client');
  const servers = side('server');
  const out: SessionEntry[] = [];
  let lastClient = -1;
  let answered = true;
  let ci = 0;
  let si = 0;
  while (ci < clients.length && si < servers.length) {
    const s = servers[si]!;
    // HTTP pairs one answer with one request: a server message follows the client message it refers to, once.
    const c = clients[ci]!;
    // An answer to a client message that is not in the trace goes before the next client message.
    if ((!answered && msgRef(s) <= lastClient) || (answered && msgRef(s) < msgId(c))) {
      out.push(s);
      si++;
      answered = true;
    } else {
      ci++;
      out.push(c);
      lastClient = msgId(c);
      answered = false;
    }
  }
  while (ci < clients.length) out.push(clients[ci++]!);
  while (si < servers.length) out.push(servers[si++]!);
  return out;
}
