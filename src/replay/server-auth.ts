/**
 * The device side checks the live server's credentials (DM Security §5, docs/dm-facts.md §6): the SyncHdr
 * Cred of a server message (`syncml:auth-basic`: B64(user:password); `syncml:auth-md5`: the DM 1.2
 * digest over the nonce the device issued to the server) and the `x-syncml-hmac` header of a
 * server response (`syncml:auth-MAC`, over the body as received and the same nonce).
 *
 * A result names what was checked and which nonce was used, never a password, a nonce value or a
 * credential.
 */
import type { Element } from '../model/tree.js';
import { encodeBasic } from '../auth/basic.js';
import { md5Digest } from '../auth/md5.js';
import { computeHmac, parseHmacHeader } from '../auth/hmac.js';
import { credOf } from './dm.js';
import { headerValue } from './recording.js';
import { CRED_TYPE } from './rewrite.js';

/** What the server's credentials are checked with: its entry of the credentials and the nonce the device issued. */
export interface ServerAuthKey {
  user: string;
  password: string;
  /** The nonce bytes the device issued to the server (empty when none). */
  nonce: Uint8Array;
  /** Where that nonce comes from, for the report: `the nonce the device issued in Package 1 (client msg 1)`. */
  nonceFrom: string;
}

/** One credential of a server message and whether it verified. */
export interface ServerAuthCheck {
  /** `SyncHdr Cred syncml:auth-md5`, `x-syncml-hmac header`. */
  what: string;
  /** Undefined when the type cannot be verified (a type DM 1.2 does not define for the SyncHdr). */
  ok: boolean | undefined;
  /** Whether the check depends on the nonce (MD5 and HMAC do, basic does not). */
  usesNonce: boolean;
  /** Why it failed when it is no plain mismatch (an unparsable header). */
  reason?: string;
}

/** Checks every credential a live server message carries: its SyncHdr Cred and its x-syncml-hmac header. */
export function checkServerCredentials(
  msg: Element,
  raw: Uint8Array,
  headers: ReadonlyArray<[string, string]>,
  key: ServerAuthKey,
): ServerAuthCheck[] {
  const out: ServerAuthCheck[] = [];
  const cred = credOf(msg);
  if (cred) {
    const what = `SyncHdr Cred ${cred.type}`;
    if (cred.type === CRED_TYPE.basic)
      out.push({ what, ok: cred.data.trim() === encodeBasic(key.user, key.password), usesNonce: false });
    else if (cred.type === CRED_TYPE.md5)
      out.push({ what, ok: cred.data.trim() === md5Digest(key.user, key.password, key.nonce), usesNonce: true });
    else out.push({ what, ok: undefined, usesNonce: false });
  }
  const hmac = headerValue(headers, 'x-syncml-hmac');
  if (hmac !== undefined) {
    const what = 'x-syncml-hmac header';
    const p = parseHmacHeader(hmac);
    if (!p.ok) out.push({ what, ok: false, usesNonce: true, reason: p.reason });
    else
      out.push({
        what,
        ok: computeHmac(p.header.username, key.password, key.nonce, raw) === p.header.mac,
        usesNonce: true,
      });
  }
  return out;
}

/** The report line for a check that failed: names the side, the message, the credential and the nonce used. */
export function serverAuthMismatch(c: ServerAuthCheck, message: string, nonceFrom: string, entry: string): string {
  const how = c.reason ? `is malformed (${c.reason})` : 'does not verify';
  const nonce = c.usesNonce ? ` and ${nonceFrom}` : '';
  return `the live server's credentials in ${message}: its ${c.what} ${how} with the server entry "${entry}" of the credentials${nonce}`;
}
