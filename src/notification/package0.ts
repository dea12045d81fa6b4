/**
 * Package 0, the General Notification Initiated Session Alert (DM Notification 1.2 §6.2;
 * docs/dm-facts.md §7): a binary trigger the server pushes to the device (WAP push, SMS, HTTP), whose
 * digest proves it came from the server that knows the device's SRVCRED secret.
 *
 * ```
 * offset  size      field
 * 0       16 bytes  digest      MD5, raw
 * 16      10 bits   version     11 ("1.1") in the spec text and example
 *          2 bits   ui-mode     00 not-specified, 01 background, 10 informative, 11 user-interaction
 *          1 bit    initiator   0 client/user, 1 server
 *         27 bits   future-use  MUST be 0
 * 21      16 bits   sessionid
 * 23       8 bits   length-identifier N
 * 24      N bytes   server-identifier
 * 24+N    rest      vendor-specific trigger body
 * ```
 */
import { problem, type Problem } from '../model/problem.js';
import type { Origin } from '../model/exchange.js';
import { md5, userSecretB64, type NonceCandidate } from '../auth/md5.js';

/** A decoded Package 0: General Notification Initiated Session Alert (DM Notification 1.2 §6.2). */
export interface Notification {
  digest: string; // hex
  version: number;
  uiMode: (typeof UI_MODES)[number];
  initiator: (typeof INITIATORS)[number];
  /** Session id as a number and as the uppercase hex that Package 1 must carry. */
  sessionId: number;
  sessionIdHex: string;
  serverId: string;
  vendor: Uint8Array;
  origin: Origin;
}

/** ui-mode values by their 2-bit code (DM Notification §6.2.2). */
export const UI_MODES = ['not-specified', 'background', 'informative', 'user-interaction'] as const;
/** initiator values by their 1-bit code. */
export const INITIATORS = ['client', 'server'] as const;

/** The version the spec text and example carry (`0000001011`); others are warned about (docs/dm-facts.md §7.1). */
export const NOTIFICATION_VERSION = 11;
/** Digest (16) + header fields (5) + session id (2) + length identifier (1). */
export const NOTIFICATION_MIN_LENGTH = 24;

/** What decodeNotification returns. `trigger` is the digested part (everything after the digest). */
export interface NotificationDecode {
  notification?: Notification;
  problems: Problem[];
  /** The bytes after the 16-byte digest, as digested (absent when the PDU is too short). */
  trigger?: Uint8Array;
  /** Bytes of a WAP push (WDP/WSP) wrapper that was removed before decoding, if any. */
  wrapperLength?: number;
}

/**
 * Detects the WAP push wrapper of the `app2.jpeg` example (DM Notification §7.1, WAP-259 WDP,
 * WAP-230 WSP): an SMS user-data header with a 16-bit port IE to port 2948, then a WSP Push PDU
 * with Content-Type 0x44 (application/vnd.syncml.notification). Returns the wrapper length or
 * undefined. Only this exact shape is accepted so that a raw digest is never mistaken for one.
 */
export function wapPushWrapperLength(b: Uint8Array): number | undefined {
  if (b.length < 7) return undefined;
  const udhl = b[0]!;
  let p: number;
  // User-data header containing IE 0x05 (application port, 16 bit) with destination 2948.
  if (udhl >= 6 && udhl + 1 < b.length) {
    let q = 1;
    let port: number | undefined;
    while (q + 1 < udhl + 1) {
      const ie = b[q]!;
      const len = b[q + 1]!;
      if (q + 2 + len > udhl + 1) return undefined;
      if (ie === 0x05 && len === 4) port = (b[q + 2]! << 8) | b[q + 3]!;
      q += 2 + len;
    }
    if (port !== 2948 || q !== udhl + 1) return undefined;
    p = udhl + 1;
  } else {
    return undefined;
  }
  // WSP (connectionless): TID, PDU type 0x06 Push, headers length (uintvar), content type.
  if (p + 3 > b.length) return undefined;
  const pduType = b[p + 1]!;
  if (pduType !== 0x06) return undefined;
  let q = p + 2;
  let hl = 0;
  for (let n = 0; n < 5; n++) {
    if (q >= b.length) return undefined;
    const c = b[q++]!;
    hl = (hl << 7) | (c & 0x7f);
    if ((c & 0x80) === 0) break;
  }
  if (q >= b.length || b[q] !== 0xc4) return undefined; // 0x44 | 0x80: application/vnd.syncml.notification
  const end = q + hl;
  if (end > b.length) return undefined;
  return end;
}

/**
 * Decodes a Package 0 PDU. Never throws; each defect is one Problem with the byte offset in
 * `bytes` (DM Notification §6.2). A WAP push wrapper (see wapPushWrapperLength) is removed first.
 */
export function decodeNotification(bytes: Uint8Array, origin: Origin): NotificationDecode {
  const problems: Problem[] = [];
  const wrapperLength = wapPushWrapperLength(bytes);
  const base = wrapperLength ?? 0;
  const b = base ? bytes.subarray(base) : bytes;
  if (wrapperLength !== undefined) {
    problems.push(
      problem('info', 'pkg0-wap-push', `WAP push wrapper (WDP port 2948, WSP Push) of ${wrapperLength} bytes removed`, {
        offset: 0,
      }),
    );
  }
  if (b.length < NOTIFICATION_MIN_LENGTH) {
    problems.push(
      problem(
        'error',
        'pkg0-short',
        `Package 0 is ${b.length} bytes, shorter than the ${NOTIFICATION_MIN_LENGTH}-byte minimum (digest + header); cut at offset ${base + b.length}`,
        {
          offset: base + b.length,
        },
      ),
    );
    return {
      problems,
      ...(b.length > 16 ? { trigger: b.subarray(16) } : {}),
      ...(wrapperLength !== undefined ? { wrapperLength } : {}),
    };
  }
  const digest = Buffer.from(b.subarray(0, 16)).toString('hex');
  const version = (b[16]! << 2) | (b[17]! >> 6);
  const uiMode = UI_MODES[(b[17]! >> 4) & 3]!;
  const initiator = INITIATORS[(b[17]! >> 3) & 1]!;
  const futureUse = ((b[17]! & 7) << 24) | (b[18]! << 16) | (b[19]! << 8) | b[20]!;
  const sessionId = (b[21]! << 8) | b[22]!;
  const n = b[23]!;
  if (version !== NOTIFICATION_VERSION) {
    problems.push(
      problem(
        'warning',
        'pkg0-version',
        `version is ${version}, expected ${NOTIFICATION_VERSION} ("1.1", DM Notification §6.2)`,
        { offset: base + 16 },
      ),
    );
  }
  if (futureUse !== 0) {
    problems.push(
      problem(
        'error',
        'pkg0-future-use',
        `future-use bits are 0x${futureUse.toString(16).padStart(7, '0')}, must be 0 (DM Notification §6.2)`,
        { offset: base + 17 },
      ),
    );
  }
  if (sessionId === 0) {
    problems.push(
      problem(
        'warning',
        'pkg0-session-id-zero',
        'sessionid is 0; Package 1 must carry 1..FFFF (DM Notification §6.2)',
        { offset: base + 21 },
      ),
    );
  }
  if (24 + n > b.length) {
    problems.push(
      problem(
        'error',
        'pkg0-cut',
        `server-identifier length is ${n} but only ${b.length - 24} bytes follow; cut at offset ${base + b.length}`,
        { offset: base + b.length },
      ),
    );
    return { problems, trigger: b.subarray(16), ...(wrapperLength !== undefined ? { wrapperLength } : {}) };
  }
  const idBytes = b.subarray(24, 24 + n);
  if (n === 0)
    problems.push(problem('error', 'pkg0-empty-server-id', 'server-identifier is empty', { offset: base + 23 }));
  const nonAscii = idBytes.findIndex((c) => c < 0x20 || c > 0x7e);
  if (nonAscii >= 0) {
    problems.push(
      problem(
        'warning',
        'pkg0-server-id-not-ascii',
        `server-identifier has a non-printable-ASCII byte 0x${idBytes[nonAscii]!.toString(16).padStart(2, '0')}`,
        { offset: base + 24 + nonAscii },
      ),
    );
  }
  const notification: Notification = {
    digest,
    version,
    uiMode,
    initiator,
    sessionId,
    sessionIdHex: sessionId.toString(16).toUpperCase(),
    serverId: Buffer.from(idBytes).toString('latin1'),
    vendor: b.slice(24 + n),
    origin,
  };
  return { notification, problems, trigger: b.subarray(16), ...(wrapperLength !== undefined ? { wrapperLength } : {}) };
}

/** The fields encodeNotification needs. */
export interface NotificationFields {
  /** Default 11. */
  version?: number;
  uiMode: Notification['uiMode'];
  initiator: Notification['initiator'];
  sessionId: number;
  serverId: string;
  vendor?: Uint8Array;
  /** Raw future-use bits (default 0); only for making bad fixtures. */
  futureUse?: number;
}

/** The trigger (header + body) part of a Package 0, without the digest. */
export function encodeTrigger(f: NotificationFields): Uint8Array {
  const id = Buffer.from(f.serverId, 'latin1');
  if (id.length > 255) throw new RangeError('server-identifier longer than 255 bytes');
  if (!Number.isInteger(f.sessionId) || f.sessionId < 0 || f.sessionId > 0xffff)
    throw new RangeError('sessionid must be 0..65535');
  const version = f.version ?? NOTIFICATION_VERSION;
  const ui = UI_MODES.indexOf(f.uiMode);
  const init = INITIATORS.indexOf(f.initiator);
  const future = f.futureUse ?? 0;
  const vendor = f.vendor ?? new Uint8Array(0);
  const out = Buffer.alloc(8 + id.length + vendor.length);
  // 10 bits version | 2 bits ui-mode | 1 bit initiator | 27 bits future-use = 40 bits.
  const hi = ((version & 0x3ff) << 6) | (ui << 4) | (init << 3) | ((future >>> 24) & 7);
  out[0] = hi >> 8;
  out[1] = hi & 0xff;
  out[2] = (future >>> 16) & 0xff;
  out[3] = (future >>> 8) & 0xff;
  out[4] = future & 0xff;
  out.writeUInt16BE(f.sessionId, 5);
  out[7] = id.length;
  id.copy(out, 8);
  Buffer.from(vendor).copy(out, 8 + id.length);
  return out;
}

/**
 * The Package 0 digest (DM Notification §6.2.2.2):
 * `MD5( B64(MD5(server-identifier ":" password)) ":" nonce ":" B64(MD5(trigger)) )`, raw 16 bytes.
 */
export function notificationDigest(
  serverId: string,
  password: string,
  nonce: Uint8Array,
  trigger: Uint8Array,
): Uint8Array {
  return md5(userSecretB64(serverId, password), ':', nonce, ':', md5(trigger).toString('base64'));
}

/** A complete Package 0: digest computed with the server's password and the nonce, then the trigger. */
export function encodeNotification(
  f: NotificationFields,
  auth: { password: string; nonce: Uint8Array } | { digest: Uint8Array },
): Uint8Array {
  const trigger = encodeTrigger(f);
  const digest = 'digest' in auth ? auth.digest : notificationDigest(f.serverId, auth.password, auth.nonce, trigger);
  if (digest.length !== 16) throw new RangeError('digest must be 16 bytes');
  return Buffer.concat([digest, trigger]);
}

/**
 * Verifies a Package 0 digest with each nonce candidate in order (stored nonce first, then the
 * resync nonce 0x00000000 in its encodings, docs/dm-facts.md §7.2). The server id is the one in the PDU
 * unless `serverId` is given.
 */
export function verifyNotification(
  pdu: Uint8Array,
  password: string,
  candidates: NonceCandidate[],
  serverId?: string,
): { ok: boolean; matched?: NonceCandidate; problems: Problem[] } {
  const d = decodeNotification(pdu, { input: '-' });
  if (!d.notification || !d.trigger) return { ok: false, problems: d.problems };
  const id = serverId ?? d.notification.serverId;
  for (const c of candidates) {
    const got = Buffer.from(notificationDigest(id, password, c.bytes, d.trigger)).toString('hex');
    if (got === d.notification.digest) return { ok: true, matched: c, problems: d.problems };
  }
  return { ok: false, problems: d.problems };
}
