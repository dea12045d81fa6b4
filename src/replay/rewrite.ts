/**
 * What must change when a recorded message is sent on a live session:
 *
 * - SyncHdr: SessionID (kept, or --session-id), MsgID (the live sequence of this side), Target
 *   and Source (the live peer and our identity), RespURI (pointed at the live server).
 * - MsgRef / CmdRef of Status and Results, TargetRef/SourceRef of the SyncHdr Status: they name
 *   the recorded peer's messages and commands, so they are mapped to the live peer's (recorded
 *   peer command → live peer command by position, name and target; DM RepPro 1.2 §5.1.x: MsgRef is
 *   the MsgID, CmdRef the CmdID of the referenced command; docs/dm-facts.md §3.5). A Status for a command
 *   the live peer never sent is dropped (the comparison shows it).
 * - CmdIDs renumbered 1, 2, ... (message-unique, docs/dm-facts.md §3.5).
 * - Chal NextNonce fresh when acting as the server; Cred recomputed for the live nonce (basic,
 *   MD5 digest; DM Security §5, docs/dm-facts.md §6.1), the x-syncml-hmac header over the live body.
 */
import { randomBytes } from 'node:crypto';
import type { Element } from '../model/tree.js';
import { encodeBasic } from '../auth/basic.js';
import { md5Digest } from '../auth/md5.js';
import { computeHmac, formatHmacHeader } from '../auth/hmac.js';
import {
  childAt,
  childText,
  commandsOf,
  credElement,
  isHdrStatus,
  msgIdOf,
  renumberCmdIds,
  setChildText,
  setHdrCred,
  sourceOf,
  targetOf,
  walk,
  removeChildren,
} from './dm.js';
import { pairByKey, plainKey } from './describe.js';
import { commandOrigin } from './large-object.js';
import { text } from '../model/tree.js';

/** Where a recorded peer message and its commands went on the live session. */
export interface PeerMap {
  /** recorded peer MsgID → live peer MsgID */
  msg: Map<string, string>;
  /** `recMsgId/recCmdId` → live `msgId/cmdId` */
  cmd: Map<string, { msgId: string; cmdId: string }>;
  /** live peer MsgID → its SyncHdr Target/Source LocURI */
  hdr: Map<string, { target?: string; source?: string }>;
}

export function newPeerMap(): PeerMap {
  return { msg: new Map(), cmd: new Map(), hdr: new Map() };
}

/** What matching a live peer message against the recorded one found. */
export interface PeerMatch {
  /** Live commands with no recorded counterpart (they need an answer the recording does not have). */
  unexpected: Element[];
  /** Recorded commands the live peer did not send. */
  missing: Element[];
}

/** Commands that are matched and can be referenced: everything but Status (nothing refers to a Status). */
function referable(root: Element): Element[] {
  return walk(commandsOf(root)).filter((c) => c.name !== 'Status');
}

/**
 * Matches the commands of a live peer message against the recorded peer message it stands for
 * (same key: name, Alert code, URIs; the k-th with the k-th) and records the mapping in `map`.
 */
export function mapPeerMessage(map: PeerMap, recorded: Element | undefined, live: Element): PeerMatch {
  const liveMsgId = msgIdOf(live) ?? '';
  const h: { target?: string; source?: string } = {};
  const t = targetOf(live);
  const s = sourceOf(live);
  if (t !== undefined) h.target = t;
  if (s !== undefined) h.source = s;
  map.hdr.set(liveMsgId, h);
  const liveCmds = referable(live);
  if (!recorded) return { unexpected: liveCmds, missing: [] };
  const recMsgId = msgIdOf(recorded) ?? '';
  map.msg.set(recMsgId, liveMsgId);
  const recCmds = referable(recorded);
  const pairs = pairByKey(
    recCmds.map((c) => ({ key: plainKey(c) })),
    liveCmds.map((c) => ({ key: plainKey(c) })),
  );
  const used = new Set<number>();
  const missing: Element[] = [];
  pairs.forEach((li, ri) => {
    const rc = recCmds[ri]!;
    if (li === undefined) {
      missing.push(rc);
      return;
    }
    used.add(li);
    // A reassembled large-object message carries commands of several messages: each keeps the MsgID/CmdID it was sent with.
    const r = commandOrigin(rc, recMsgId);
    map.cmd.set(`${r.msgId}/${r.cmdId}`, commandOrigin(liveCmds[li]!, liveMsgId));
  });
  return { unexpected: liveCmds.filter((_, i) => !used.has(i)), missing };
}

/** Header fields of a live message. */
export interface HeaderRewrite {
  sessionId?: string;
  msgId: string;
  target?: string;
  source?: string;
  /** Replace a recorded RespURI with this one (server side), or remove it (empty string). */
  respURI?: string;
}

export function rewriteHeader(root: Element, h: HeaderRewrite): void {
  const hdr = childAt(root, 'SyncHdr');
  if (!hdr) return;
  if (h.sessionId !== undefined) setChildText(hdr, 'SessionID', h.sessionId);
  setChildText(hdr, 'MsgID', h.msgId);
  if (h.target !== undefined) {
    const loc = childAt(hdr, 'Target', 'LocURI');
    if (loc) loc.children = [text(h.target)];
  }
  if (h.source !== undefined) {
    const loc = childAt(hdr, 'Source', 'LocURI');
    if (loc) loc.children = [text(h.source)];
  }
  if (h.respURI !== undefined) {
    const r = childAt(hdr, 'RespURI');
    if (r) {
      if (h.respURI === '') removeChildren(hdr, 'RespURI');
      else r.children = [text(h.respURI)];
    }
  }
}

/**
 * Points the Status and Results of a recorded message at the live peer's messages and commands.
 * Returns the commands that were dropped because the live peer never sent what they answer.
 */
export function rewriteReferences(root: Element, map: PeerMap): Element[] {
  const dropped: Element[] = [];
  const fix = (parent: Element): void => {
    parent.children = parent.children.filter((n) => {
      if (n.kind !== 'element') return true;
      if (n.name === 'Atomic' || n.name === 'Sequence') {
        fix(n);
        return true;
      }
      if (n.name !== 'Status' && n.name !== 'Results') return true;
      const msgRef = childText(n, 'MsgRef');
      const cmdRef = childText(n, 'CmdRef') ?? '';
      const liveMsg = msgRef !== undefined ? map.msg.get(msgRef) : undefined;
      if (isHdrStatus(n)) {
        if (liveMsg === undefined) {
          dropped.push(n);
          return false;
        }
        setChildText(n, 'MsgRef', liveMsg);
        const h = map.hdr.get(liveMsg);
        const tr = childAt(n, 'TargetRef');
        const sr = childAt(n, 'SourceRef');
        if (tr && h?.target !== undefined) tr.children = [text(h.target)];
        if (sr && h?.source !== undefined) sr.children = [text(h.source)];
        return true;
      }
      const live = msgRef !== undefined ? map.cmd.get(`${msgRef}/${cmdRef}`) : undefined;
      if (!live) {
        dropped.push(n);
        return false;
      }
      setChildText(n, 'MsgRef', live.msgId);
      setChildText(n, 'CmdRef', live.cmdId);
      return true;
    });
  };
  const body = childAt(root, 'SyncBody');
  if (body) fix(body);
  return dropped;
}

/** Renumbers CmdIDs after rewriting (dm.ts). */
export { renumberCmdIds };

/** A fresh nonce: 16 random bytes (≥ 128 bits, DM Security §5.1), base64. */
export function freshNonce(): string {
  return randomBytes(16).toString('base64');
}

export const CRED_TYPE = { basic: 'syncml:auth-basic', md5: 'syncml:auth-md5', hmac: 'syncml:auth-MAC' } as const;

/** The credential data for a type: basic `B64(user:password)`, md5 the DM 1.2 digest over the nonce bytes. */
export function credentialData(type: string, user: string, password: string, nonce: Uint8Array): string | undefined {
  if (type === CRED_TYPE.basic) return encodeBasic(user, password);
  if (type === CRED_TYPE.md5) return md5Digest(user, password, nonce);
  return undefined;
}

/**
 * Replaces (or adds) the SyncHdr Cred for the live nonce. Returns false when the type cannot be
 * computed here (HMAC goes in the HTTP header, see hmacHeader).
 */
export function setCredential(root: Element, type: string, user: string, password: string, nonce: Uint8Array): boolean {
  const data = credentialData(type, user, password, nonce);
  if (data === undefined) return false;
  setHdrCred(root, credElement(type, data, root.namespace));
  return true;
}

/** The x-syncml-hmac header value for a body as sent (DM Security §5.1.4.3). */
export function hmacHeader(user: string, password: string, nonce: Uint8Array, body: Uint8Array): string {
  return formatHmacHeader(user, computeHmac(user, password, nonce, body));
}

export function nonceBytes(b64: string | undefined): Uint8Array {
  return b64 ? Buffer.from(b64, 'base64') : new Uint8Array(0);
}

/** Expands `{n}` / `{n:6}` in a device id template with the 1-based device number (zero-padded to the width). */
export function expandTemplate(template: string, n: number): string {
  return template.replace(/\{n(?::(\d+))?\}/g, (_m, w: string | undefined) =>
    w ? String(n).padStart(Number(w), '0') : String(n),
  );
}
