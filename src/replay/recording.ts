/**
 * A recorded session as replay needs it: its messages in order, each with its element tree,
 * encoding, Content-Type, HTTP headers and package number, and the turns (a client message and the
 * server message that answered it, one HTTP exchange per turn: docs/dm-facts.md §2).
 */
import type { Element } from '../model/tree.js';
import type { Direction } from '../model/exchange.js';
import type { Session } from '../session/types.js';
import type { Encoding } from '../syncml/types.js';
import { hdrStatusOf, isSyncML } from './dm.js';

export interface RecordedMessage {
  /** Position in Recording.messages. */
  index: number;
  direction: Direction;
  tree: Element;
  encoding: Encoding;
  contentType?: string;
  headers: Array<[string, string]>;
  /** Package number from the session assembler (0-4), when known. */
  package?: number;
  /** Package 1 resent after a challenge. */
  authRetry: boolean;
  /**
   * Set on a message the replay view reassembled from a large object the recording carries in
   * chunks (large-object.ts collapseChunks): the recorded chunk data, in order.
   */
  chunks?: string[];
  /** With `chunks`: the indexes in the original recording the message stands for (chunks and the peer's pulls). */
  covers?: number[];
}

export interface Recording {
  /** Session.id of the recording. */
  id: string;
  sessionId: string;
  device: string;
  server: string;
  messages: RecordedMessage[];
}

/** One HTTP round: a client message and the server message that answered it. */
export interface Turn {
  client: RecordedMessage;
  answer?: RecordedMessage;
}

/**
 * Why a session cannot be replayed (like mitmproxy's check before a replay), or undefined when it
 * can: the recording needs decoded messages from both sides and must start with the device.
 */
export function check(session: Session): string | undefined {
  const decoded = session.messages.filter((m) => isSyncML(m.message.tree));
  if (decoded.length === 0) return 'no decodable SyncML messages';
  if (!decoded.some((m) => m.direction === 'client'))
    return 'no client messages (nothing to send as the device, nothing to match as the server)';
  if (!decoded.some((m) => m.direction === 'server'))
    return 'no server messages (nothing to answer with as the server, nothing to compare with as the device)';
  if (decoded[0]!.direction !== 'client') return 'the recording does not start with a client message (Package 1)';
  return undefined;
}

/** The replay view of a session: decodable messages only, in session order. */
export function recordingOf(session: Session): Recording {
  const messages: RecordedMessage[] = [];
  for (const m of session.messages) {
    const tree = m.message.tree;
    if (!isSyncML(tree)) continue;
    const http = m.message.http;
    const r: RecordedMessage = {
      index: messages.length,
      direction: m.direction,
      tree,
      encoding: m.message.encoding,
      headers: http?.headers ?? [],
      authRetry: m.authRetry,
    };
    const ct = http?.contentType ?? (http ? headerValue(http.headers, 'content-type') : undefined);
    if (ct) r.contentType = ct;
    if (m.package !== undefined) r.package = m.package;
    messages.push(r);
  }
  return { id: session.id, sessionId: session.sessionId, device: session.device, server: session.server, messages };
}

export function headerValue(headers: ReadonlyArray<[string, string]>, name: string): string | undefined {
  const n = name.toLowerCase();
  for (const [k, v] of headers) if (k.toLowerCase() === n) return v;
  return undefined;
}

/** The turns of a recording: each client message with the server message that follows it. */
export function turnsOf(rec: Recording): Turn[] {
  const out: Turn[] = [];
  for (let i = 0; i < rec.messages.length; i++) {
    const m = rec.messages[i]!;
    if (m.direction !== 'client') continue;
    const next = rec.messages[i + 1];
    out.push(next && next.direction === 'server' ? { client: m, answer: next } : { client: m });
  }
  return out;
}

/** The SyncHdr status code of a message, if it has one. */
export function hdrCode(tree: Element): string | undefined {
  const s = hdrStatusOf(tree);
  if (!s) return undefined;
  for (const c of s.children)
    if (c.kind === 'element' && c.name === 'Data')
      return c.children
        .map((n) => (n.kind === 'text' ? n.value : ''))
        .join('')
        .trim();
  return undefined;
}

/** A server message that challenges (SyncHdr Status 401 or 407, DM Protocol §9). */
export function isChallenge(tree: Element): boolean {
  const code = hdrCode(tree);
  return code === '401' || code === '407';
}
