/**
 * Small questions the session assembler asks of one typed message: its direction, its SyncHdr
 * Status, its alerts, whether it only pulls the peer's next message (DM Protocol §6, Alert 1222),
 * whether it ends the session. Pure functions over the typed model (src/syncml/types.ts).
 */
import type { Direction } from '../model/exchange.js';
import type { Command, Message, SyncML } from '../syncml/types.js';

/** Alert codes that matter to the assembler (docs/dm-facts.md §4). */
export const ALERT = {
  serverInitiated: '1200',
  clientInitiated: '1201',
  nextMessage: '1222',
  sessionAbort: '1223',
  noEndOfData: '1225',
  genericAlert: '1226',
} as const;

/** SyncHdr status codes of the authentication flow (docs/dm-facts.md §6.2). */
export const AUTH_STATUS = {
  ok: '200',
  authenticated: '212',
  unauthorized: '401',
  missingCredentials: '407',
} as const;

/** Meta Type of Cred/Chal → the short auth type name (docs/dm-facts.md §6.1). Compared case-insensitively. */
export const CRED_TYPES = [
  { type: 'syncml:auth-basic', name: 'basic' },
  { type: 'syncml:auth-md5', name: 'md5' },
  { type: 'syncml:auth-mac', name: 'hmac' },
  { type: 'syncml:auth-x509', name: 'x509' },
  { type: 'syncml:auth-securid', name: 'securid' },
  { type: 'syncml:auth-safeword', name: 'safeword' },
  { type: 'syncml:auth-digipass', name: 'digipass' },
] as const;

/** The HTTP header that carries HMAC credentials (docs/dm-facts.md §6.1). */
export const HMAC_HEADER = 'x-syncml-hmac';

/** Short name of an auth Meta Type: `syncml:auth-md5` → `md5`; unknown types are kept as sent; missing → `basic` (the SyncML default). */
export function credTypeName(metaType: string | undefined): string {
  if (metaType === undefined || metaType.trim() === '') return 'basic';
  const t = metaType.trim().toLowerCase();
  for (const c of CRED_TYPES) if (c.type === t) return c.name;
  return metaType.trim();
}

/** Commands of the body, with those inside Atomic and Sequence, in document order. */
export function allCommands(cmds: readonly Command[]): Command[] {
  const out: Command[] = [];
  const walk = (list: readonly Command[]) => {
    for (const c of list) {
      out.push(c);
      if (c.commands) walk(c.commands);
    }
  };
  walk(cmds);
  return out;
}

/** Codes of the Alerts in the message (top level and nested). */
export function alertCodes(sm: SyncML): string[] {
  return allCommands(sm.body)
    .filter((c) => c.name === 'Alert' && c.data !== undefined)
    .map((c) => (c.data ?? '').trim());
}

export function hasAlert(sm: SyncML, code: string): boolean {
  return alertCodes(sm).includes(code);
}

/** Alert 1200 (server-initiated) or 1201 (client-initiated): the message is a Package 1 (DM Protocol §8.3). */
export function alertsPackage1(sm: SyncML): boolean {
  const codes = alertCodes(sm);
  return codes.includes(ALERT.serverInitiated) || codes.includes(ALERT.clientInitiated);
}

/** The Status that answers the peer's SyncHdr (Cmd `SyncHdr`, or CmdRef 0 when Cmd is missing — docs/dm-facts.md §10 D8). */
export function hdrStatus(sm: SyncML): Command | undefined {
  return sm.body.find((c) => c.name === 'Status' && (c.cmd === 'SyncHdr' || (c.cmd === undefined && c.cmdRef === '0')));
}

/** The status code of a Status command, trimmed. */
export function statusCode(c: Command): string | undefined {
  return c.data?.trim();
}

/** Commands that ask the peer for a response: everything except Status and Results, unless NoResp (DM Protocol §8.1). */
export function needsResponse(c: Command): boolean {
  if (c.name === 'Status' || c.name === 'Results') return false;
  return !c.noResp;
}

/** True when the message carries only Status commands and Alert 1222 (a Next Message response, DM Protocol §6.2). */
export function onlyStatusAndNextMessage(sm: SyncML): boolean {
  return sm.body.every((c) => c.name === 'Status' || (c.name === 'Alert' && c.data?.trim() === ALERT.nextMessage));
}

/**
 * Infers the sender from the message itself when neither HTTP nor the input says it: a client
 * message is addressed to the server's URL and carries the device id as Source; Package 1's
 * Alert 1200/1201 and DevInfo come from the client.
 */
export function inferDirectionOf(sm: SyncML): Direction | undefined {
  const codes = alertCodes(sm);
  if (
    codes.includes(ALERT.clientInitiated) ||
    codes.includes(ALERT.serverInitiated) ||
    codes.includes(ALERT.genericAlert)
  )
    return 'client';
  if (sm.hdr.respURI) return 'server';
  const isUrl = (s?: string) => !!s && /^[a-z][a-z0-9+.-]*:\/\//i.test(s.trim());
  if (isUrl(sm.hdr.target?.locURI) && !isUrl(sm.hdr.source?.locURI)) return 'client';
  if (isUrl(sm.hdr.source?.locURI) && !isUrl(sm.hdr.target?.locURI)) return 'server';
  if (sm.body.some((c) => c.name === 'Results')) return 'client';
  if (sm.body.some((c) => ['Get', 'Add', 'Delete', 'Copy', 'Exec', 'Atomic', 'Sequence'].includes(c.name)))
    return 'server';
  return undefined;
}

/** Direction of a message: as the input said (HTTP request/response, log), else inferred from the message. */
export function directionOf(m: Message): Direction | undefined {
  if (m.direction) return m.direction;
  if (m.http?.direction) return m.http.direction;
  return m.syncml ? inferDirectionOf(m.syncml) : undefined;
}

/** An HTTP header value (case-insensitive name). */
export function header(headers: ReadonlyArray<[string, string]> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const n = name.toLowerCase();
  for (const [k, v] of headers) if (k.toLowerCase() === n) return v;
  return undefined;
}

/**
 * A server address made comparable: scheme, query, fragment and trailing `/` dropped, host
 * lowercased. `http://Host:8080/dm?s=1` and the HTTP `host:8080/dm` give the same key.
 */
export function normalizeServer(uri: string): string {
  let s = uri.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  s = s.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const slash = s.indexOf('/');
  return slash < 0 ? s.toLowerCase() : s.slice(0, slash).toLowerCase() + s.slice(slash);
}

/** Numeric value of a MsgID/CmdID string for ordering; NaN-safe (non-numbers sort last). */
export function idNumber(id: string | undefined): number {
  if (id === undefined) return Number.MAX_SAFE_INTEGER;
  const n = Number.parseInt(id.trim(), 10);
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}
