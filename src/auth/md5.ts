/**
 * `syncml:auth-md5` digest credentials (DM Protocol §9, DM Security §5; docs/dm-facts.md §6.1):
 * `B64( MD5( B64(MD5("userid:password")) ":" nonce ) )`, the nonce being the raw octets of the
 * base64-decoded NextNonce (libdmclient and AOSP both decode it; the spec vector only works so).
 */
import { createHash } from 'node:crypto';

/** Bytes from a string (UTF-8) or as given. */
export function toBytes(v: string | Uint8Array): Uint8Array {
  return typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
}

/** MD5 of the concatenated parts, raw 16 bytes. */
export function md5(...parts: Array<string | Uint8Array>): Buffer {
  const h = createHash('md5');
  for (const p of parts) h.update(toBytes(p));
  return h.digest();
}

/** `B64(MD5("user:password"))`, the stored "secret" both sides hash with the nonce. */
export function userSecretB64(user: string, password: string): string {
  return md5(`${user}:${password}`).toString('base64');
}

/** The DM 1.2 MD5 credential: `B64(MD5(B64(MD5(user:password)) ":" nonce))`. */
export function md5Digest(user: string, password: string, nonce: Uint8Array): string {
  return md5(userSecretB64(user, password), ':', nonce).toString('base64');
}

/** The SyncML DS 1.1 style `B64(MD5(user:password:nonce))` — not DM 1.2; reported for diagnostics only. */
export function md5DigestDs11(user: string, password: string, nonce: Uint8Array): string {
  return md5(`${user}:${password}:`, nonce).toString('base64');
}

/** How a nonce candidate was obtained, so a report can say which interpretation matched. */
export type NonceKind = 'decoded' | 'raw-text' | 'resync-zero-bytes' | 'resync-b64-text' | 'resync-hex-text' | 'given';

/** One nonce to try. */
export interface NonceCandidate {
  kind: NonceKind;
  bytes: Uint8Array;
}

/**
 * The nonce interpretations a verifier should try, in order (docs/dm-facts.md §6.1 caveat, §7.2):
 * the base64-decoded NextNonce, then its text as is; with `resync`, the special nonce 0x00000000
 * as 4 zero bytes, as the text `AAAAAA==` (AOSP) and as the text `0x00000000` (libdmclient).
 */
export function nonceCandidates(nextNonceB64: string | undefined, opts: { resync?: boolean } = {}): NonceCandidate[] {
  const out: NonceCandidate[] = [];
  if (nextNonceB64 !== undefined) {
    const compact = nextNonceB64.replace(/\s+/g, '');
    if (/^[A-Za-z0-9+/]*={0,2}$/.test(compact) && compact.length % 4 !== 1) {
      out.push({ kind: 'decoded', bytes: Buffer.from(compact, 'base64') });
    }
    out.push({ kind: 'raw-text', bytes: Buffer.from(nextNonceB64, 'utf8') });
  }
  if (opts.resync ?? true) out.push(...resyncNonces());
  return out;
}

/** The resynchronisation nonce 0x00000000 in the encodings implementations use (docs/dm-facts.md §7.2). */
export function resyncNonces(): NonceCandidate[] {
  return [
    { kind: 'resync-zero-bytes', bytes: new Uint8Array(4) },
    { kind: 'resync-b64-text', bytes: Buffer.from('AAAAAA==', 'ascii') },
    { kind: 'resync-hex-text', bytes: Buffer.from('0x00000000', 'ascii') },
  ];
}

/** Result of checking a credential against candidates. */
export interface Md5Verify {
  ok: boolean;
  /** The candidate that matched. */
  matched?: NonceCandidate;
  /** True when only the DS 1.1 formula matched (a finding: wrong formula). */
  ds11?: boolean;
}

/**
 * Checks MD5 Cred Data against every nonce candidate with the DM 1.2 formula, then with the
 * DS 1.1 formula (a match there is reported with `ds11: true`, `ok: false`).
 */
export function verifyMd5(credData: string, user: string, password: string, candidates: NonceCandidate[]): Md5Verify {
  const want = credData.trim();
  for (const c of candidates) {
    if (md5Digest(user, password, c.bytes) === want) return { ok: true, matched: c };
  }
  for (const c of candidates) {
    if (md5DigestDs11(user, password, c.bytes) === want) return { ok: false, matched: c, ds11: true };
  }
  return { ok: false };
}
