/**
 * `syncml:auth-basic` credentials (DM Protocol §9, DM Security §5): `B64("userid:password")`,
 * carried in SyncHdr/Cred with Meta Format `b64` (docs/dm-facts.md §6.1).
 */

/** Encodes a user and password as the Cred Data of `syncml:auth-basic`. */
export function encodeBasic(user: string, password: string): string {
  return Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
}

/** A decoded basic credential, or why it could not be decoded (the message never echoes the value). */
export type BasicDecode = { ok: true; user: string; password: string } | { ok: false; reason: string };

const B64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes Cred Data of `syncml:auth-basic`. The user is everything before the first `:`
 * (RFC 2617 style; the password may itself contain `:`). Whitespace inside the base64 is ignored.
 */
export function decodeBasic(data: string): BasicDecode {
  const compact = data.replace(/\s+/g, '');
  if (compact.length === 0) return { ok: false, reason: 'empty credential' };
  if (!B64_RE.test(compact) || compact.length % 4 === 1) return { ok: false, reason: 'not base64' };
  const text = Buffer.from(compact, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return { ok: false, reason: 'decoded credential has no ":" between user and password' };
  return { ok: true, user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** True when `data` is the basic credential of this user and password. */
export function verifyBasic(data: string, user: string, password: string): boolean {
  const d = decodeBasic(data);
  return d.ok && d.user === user && d.password === password;
}
