/**
 * Alert and status codes of OMA DM 1.2 as data (docs/dm-facts.md §4 and §5).
 *
 * Alert codes: DM Protocol 1.2 (§8 packages, §10 user interaction) and DM RepPro 1.2; only these
 * are valid in DM. Status codes: SyncML RepPro 1.2 §10 (names as in the spec's table), with the
 * DM usage notes of DM RepPro §4.1.6 and DM Protocol.
 */
import type { Direction } from '../model/exchange.js';

export interface AlertCodeInfo {
  readonly code: number;
  readonly name: string;
  /** Who sends it: `server` (S→C), `client` (C→S) or `both`. */
  readonly direction: Direction | 'both';
  readonly note: string;
}

/** DM 1.2 alert codes (docs/dm-facts.md §4). 1105–1199, 1202–1221 and 1227–1299 are reserved. */
export const ALERT_CODES = [
  {
    code: 1100,
    name: 'DISPLAY',
    direction: 'server',
    note: 'UI: Item 1 = options (may be empty), Item 2 = the text to display',
  },
  { code: 1101, name: 'CONFIRM OR REJECT', direction: 'server', note: 'UI: yes → 200, no → 304, cancel → 214' },
  { code: 1102, name: 'TEXT INPUT', direction: 'server', note: 'UI: Status 200 carries the text in Item/Data' },
  {
    code: 1103,
    name: 'SINGLE CHOICE',
    direction: 'server',
    note: 'UI: Item 1 options, Item 2 title, Items 3.. choices numbered from 1',
  },
  {
    code: 1104,
    name: 'MULTIPLE CHOICE',
    direction: 'server',
    note: 'UI: as 1103; Status 200 with one Item per chosen number',
  },
  {
    code: 1200,
    name: 'SERVER-INITIATED MGMT',
    direction: 'client',
    note: 'Package 1 of a session answering a Package 0 notification',
  },
  { code: 1201, name: 'CLIENT-INITIATED MGMT', direction: 'client', note: 'Package 1 of a session the client starts' },
  {
    code: 1222,
    name: 'NEXT MESSAGE',
    direction: 'both',
    note: 'asks for the next message of a multi-message package (Protocol §6)',
  },
  { code: 1223, name: 'SESSION ABORT', direction: 'both', note: 'the sender MUST include Final (Protocol §8.1)' },
  {
    code: 1224,
    name: 'CLIENT EVENT',
    direction: 'client',
    note: 'event data in Item/Data, each Item with Meta Type and Format',
  },
  { code: 1225, name: 'NO END OF DATA', direction: 'both', note: 'end of a chunked object not received (Protocol §7)' },
  {
    code: 1226,
    name: 'GENERIC ALERT',
    direction: 'client',
    note: 'Item with Meta Type and Format and Data (Protocol §8.7)',
  },
] as const satisfies readonly AlertCodeInfo[];

export interface StatusCodeInfo {
  readonly code: number;
  readonly name: string;
  /** How DM uses it, where it says more than the name. */
  readonly note?: string;
}

/** SyncML RepPro 1.2 §10 status codes (docs/dm-facts.md §5). */
export const STATUS_CODES = [
  { code: 101, name: 'In progress' },
  { code: 200, name: 'OK', note: 'also "Yes" for Alert 1101' },
  { code: 201, name: 'Item added' },
  { code: 202, name: 'Accepted for processing', note: 'asynchronous Exec; Generic Alert accepted' },
  { code: 203, name: 'Non-authoritative response' },
  { code: 204, name: 'No content' },
  { code: 205, name: 'Reset content' },
  { code: 206, name: 'Partial content' },
  { code: 207, name: 'Conflict resolved with merge' },
  { code: 208, name: 'Conflict resolved with client\'s command "winning"' },
  { code: 209, name: 'Conflict resolved with duplicate' },
  { code: 210, name: 'Delete without archive' },
  { code: 211, name: 'Item not deleted' },
  {
    code: 212,
    name: 'Authentication accepted',
    note: 'SyncHdr status only: no further authentication needed in this session',
  },
  { code: 213, name: 'Chunked item accepted and buffered', note: 'answer to each chunk carrying MoreData' },
  { code: 214, name: 'Operation cancelled', note: 'user cancelled a UI alert' },
  { code: 215, name: 'Not executed', note: 'skipped after user interaction, a Sequence abort or 304' },
  { code: 216, name: 'Atomic roll back OK' },
  { code: 300, name: 'Multiple choices' },
  { code: 301, name: 'Moved permanently' },
  { code: 302, name: 'Found' },
  { code: 303, name: 'See other' },
  { code: 304, name: 'Not modified', note: '"No" for Alert 1101' },
  { code: 305, name: 'Use proxy' },
  { code: 400, name: 'Bad request' },
  { code: 401, name: 'Invalid credentials', note: 'with Chal' },
  { code: 402, name: 'Payment needed' },
  { code: 403, name: 'Forbidden' },
  { code: 404, name: 'Not found' },
  { code: 405, name: 'Command not allowed' },
  { code: 406, name: 'Optional feature not supported' },
  { code: 407, name: 'Missing credentials', note: 'with Chal' },
  { code: 408, name: 'Request timeout', note: 'UI alert MAXDT expired' },
  { code: 409, name: 'Conflict' },
  { code: 410, name: 'Gone' },
  { code: 411, name: 'Size required' },
  { code: 412, name: 'Incomplete command' },
  { code: 413, name: 'Request entity too large' },
  { code: 414, name: 'URI too long' },
  { code: 415, name: 'Unsupported media type or format' },
  { code: 416, name: 'Requested size too big' },
  { code: 417, name: 'Retry later' },
  { code: 418, name: 'Already exists' },
  { code: 419, name: 'Conflict resolved with server data' },
  { code: 420, name: 'Device full' },
  { code: 421, name: 'Unknown search grammar' },
  { code: 422, name: 'Bad CGI script' },
  { code: 423, name: 'Soft-delete conflict' },
  { code: 424, name: 'Size mismatch', note: 'reassembled large object differs from Meta Size' },
  { code: 425, name: 'Permission denied' },
  { code: 426, name: 'Partial item not accepted' },
  { code: 427, name: 'Item not empty' },
  { code: 428, name: 'Move failed' },
  { code: 500, name: 'Command failed' },
  { code: 501, name: 'Command not implemented' },
  { code: 502, name: 'Bad gateway' },
  { code: 503, name: 'Service unavailable' },
  { code: 504, name: 'Gateway timeout' },
  { code: 505, name: 'DTD version not supported' },
  { code: 506, name: 'Processing error' },
  { code: 507, name: 'Atomic failed' },
  { code: 508, name: 'Refresh required' },
  { code: 510, name: 'Data store failure' },
  { code: 511, name: 'Server failure' },
  { code: 512, name: 'Synchronization failed' },
  { code: 513, name: 'Protocol version not supported' },
  { code: 514, name: 'Operation cancelled' },
  { code: 516, name: 'Atomic roll back failed' },
  { code: 517, name: 'Atomic response too large to fit' },
] as const satisfies readonly StatusCodeInfo[];

export type AlertCode = (typeof ALERT_CODES)[number]['code'];
export type StatusCode = (typeof STATUS_CODES)[number]['code'];

const alertByCode: ReadonlyMap<number, AlertCodeInfo> = new Map(ALERT_CODES.map((a) => [a.code, a]));
const statusByCode: ReadonlyMap<number, StatusCodeInfo> = new Map(STATUS_CODES.map((s) => [s.code, s]));

/** A code as sent (`"1201"`, `" 200 "`) → its number, or undefined when it is not a plain decimal. */
function codeNumber(code: string | number): number | undefined {
  if (typeof code === 'number') return Number.isInteger(code) ? code : undefined;
  const t = code.trim();
  return /^[0-9]{1,9}$/.test(t) ? Number(t) : undefined;
}

/** The alert code's entry, or undefined when it is not a DM 1.2 alert code. */
export function alertInfo(code: string | number): AlertCodeInfo | undefined {
  const n = codeNumber(code);
  return n === undefined ? undefined : alertByCode.get(n);
}

/** `GENERIC ALERT` for 1226; undefined when not a DM 1.2 alert code. */
export function alertName(code: string | number): string | undefined {
  return alertInfo(code)?.name;
}

/** The status code's entry, or undefined when it is not in the RepPro table. */
export function statusInfo(code: string | number): StatusCodeInfo | undefined {
  const n = codeNumber(code);
  return n === undefined ? undefined : statusByCode.get(n);
}

/** `Authentication accepted` for 212; undefined when not in the RepPro table. */
export function statusName(code: string | number): string | undefined {
  return statusInfo(code)?.name;
}

/** Status code classes (RepPro §10): 1xx informational, 2xx success, 3xx redirection, 4xx originator exception, 5xx recipient exception. */
export type StatusClass = 'informational' | 'success' | 'redirection' | 'originator-exception' | 'recipient-exception';

const STATUS_CLASSES = [
  'informational',
  'success',
  'redirection',
  'originator-exception',
  'recipient-exception',
] as const;

/** The class of a status code by its hundreds digit; undefined outside 100–599. */
export function statusClass(code: string | number): StatusClass | undefined {
  const n = codeNumber(code);
  if (n === undefined || n < 100 || n > 599) return undefined;
  return STATUS_CLASSES[Math.floor(n / 100) - 1];
}
