/**
 * `syncml:auth-MAC` integrity (DM Security §5.5, DM Protocol §9; docs/dm-facts.md §6.1): carried only in
 * the HTTP header `x-syncml-hmac: algorithm=MD5, username="<user>", mac=<mac>` with
 * `mac = B64( MD5( B64(MD5("user:password")) ":" nonce ":" B64(MD5(body)) ) )`.
 */
import { md5, userSecretB64, type NonceCandidate } from './md5.js';

/** The parsed header. */
export interface HmacHeader {
  /** `MD5` when absent (the only algorithm DM 1.2 defines). */
  algorithm: string;
  username: string;
  mac: string;
}

export type HmacParse = { ok: true; header: HmacHeader; warnings: string[] } | { ok: false; reason: string };

/** Lower-case name of the header. */
export const HMAC_HEADER = 'x-syncml-hmac';

/**
 * Parses the header value tolerantly: parameters in any order, spaces around `=` and `,`, values
 * quoted or not, names case-insensitive; algorithm defaults to MD5. Errors name the parameter,
 * never its value (the username is not a secret but the MAC should not be echoed either).
 */
export function parseHmacHeader(value: string): HmacParse {
  const params = new Map<string, string>();
  const warnings: string[] = [];
  let i = 0;
  const s = value;
  const skipWs = () => {
    while (i < s.length && /[\s,]/.test(s[i]!)) i++;
  };
  skipWs();
  while (i < s.length) {
    const nameStart = i;
    while (i < s.length && /[A-Za-z0-9_-]/.test(s[i]!)) i++;
    const name = s.slice(nameStart, i).toLowerCase();
    if (!name) return { ok: false, reason: `unexpected character at position ${i} (expected a parameter name)` };
    while (i < s.length && /[ \t]/.test(s[i]!)) i++;
    if (s[i] !== '=') return { ok: false, reason: `parameter "${name}" has no "="` };
    i++;
    while (i < s.length && /[ \t]/.test(s[i]!)) i++;
    let val: string;
    if (s[i] === '"') {
      const end = s.indexOf('"', i + 1);
      if (end < 0) return { ok: false, reason: `parameter "${name}" has an unterminated quoted value` };
      val = s.slice(i + 1, end);
      i = end + 1;
    } else {
      const start = i;
      while (i < s.length && s[i] !== ',') i++;
      val = s.slice(start, i).trim();
    }
    if (params.has(name)) warnings.push(`parameter "${name}" repeated; the last one is used`);
    params.set(name, val);
    while (i < s.length && /[ \t]/.test(s[i]!)) i++;
    if (i < s.length && s[i] !== ',')
      return { ok: false, reason: `expected "," after parameter "${name}" at position ${i}` };
    skipWs();
  }
  for (const k of params.keys())
    if (!['algorithm', 'username', 'mac'].includes(k)) warnings.push(`unknown parameter "${k}"`);
  const username = params.get('username');
  const mac = params.get('mac');
  if (username === undefined || username === '') return { ok: false, reason: 'missing username parameter' };
  if (mac === undefined || mac === '') return { ok: false, reason: 'missing mac parameter' };
  const algorithm = params.get('algorithm') || 'MD5';
  if (algorithm.toUpperCase() !== 'MD5') warnings.push(`algorithm "${algorithm}" is not MD5`);
  return { ok: true, header: { algorithm, username, mac }, warnings };
}

/** The MAC of a message body. */
export function computeHmac(user: string, password: string, nonce: Uint8Array, body: Uint8Array): string {
  const bodyHash = md5(body).toString('base64');
  return md5(userSecretB64(user, password), ':', nonce, ':', bodyHash).toString('base64');
}

/** Formats the header value, e.g. `algorithm=MD5, username="Bruce2", mac=...`. */
export function formatHmacHeader(username: string, mac: string, algorithm = 'MD5'): string {
  return `algorithm=${algorithm}, username="${username}", mac=${mac}`;
}

/** Verifies a header value against a body with every nonce candidate; returns the matching one. */
export function verifyHmac(
  header: HmacHeader,
  password: string,
  body: Uint8Array,
  candidates: NonceCandidate[],
): { ok: boolean; matched?: NonceCandidate } {
  for (const c of candidates) {
    if (computeHmac(header.username, password, c.bytes, body) === header.mac) return { ok: true, matched: c };
  }
  return { ok: false };
}
