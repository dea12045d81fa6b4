/** Authentication facts rules share (DM Protocol §9; DM Security §5; docs/dm-facts.md §6). */
import type { Session, SessionMessage } from '../../session/types.js';
import type { Chal, Command, Cred } from '../../syncml/types.js';
import { HMAC_HEADER } from '../../auth/hmac.js';
import { hdrStatusesFor, httpHeader, sml, statusCode } from './session.js';

/** Cred/Chal Meta Type → auth type (docs/dm-facts.md §6.1). */
const TYPES = {
  'syncml:auth-basic': 'basic',
  'syncml:auth-md5': 'md5',
  'syncml:auth-mac': 'hmac',
  'syncml:auth-x509': 'x509',
  'syncml:auth-securid': 'securid',
  'syncml:auth-safeword': 'safeword',
  'syncml:auth-digipass': 'digipass',
} as const;

/** The auth type a Cred or Chal names (`basic`, `md5`, `hmac`, ...), or its raw Type when unknown. */
export function authType(x: Cred | Chal | undefined): string | undefined {
  const t = x?.meta?.type?.trim();
  if (!t) return undefined;
  const key = t.toLowerCase();
  return Object.hasOwn(TYPES, key) ? TYPES[key as keyof typeof TYPES] : t;
}

/** The x-syncml-hmac header of the HTTP message that carried `sm`, if any. */
export function hmacHeaderOf(sm: SessionMessage): string | undefined {
  return httpHeader(sm, HMAC_HEADER);
}

/** How a message authenticates: its SyncHdr Cred type, or `hmac` for an x-syncml-hmac header. */
export function credentialsOf(sm: SessionMessage): { type: string; cred?: Cred } | undefined {
  const cred = sml(sm)?.hdr.cred;
  if (cred) return { type: authType(cred) ?? 'unknown', cred };
  if (hmacHeaderOf(sm) !== undefined) return { type: 'hmac' };
  return undefined;
}

/** The peer's Status for the SyncHdr of `sm` (the first one), with its message. */
export function verdictFor(
  session: Session,
  sm: SessionMessage,
): { message: SessionMessage; status: Command; code?: string } | undefined {
  const a = hdrStatusesFor(session, sm)[0];
  if (!a) return undefined;
  const code = statusCode(a.command);
  return code === undefined
    ? { message: a.message, status: a.command }
    : { message: a.message, status: a.command, code };
}

/** 401 and 407: authentication failed or missing (DM Protocol §9). */
export const CHALLENGE_CODES = ['401', '407'] as const;

export function isChallengeCode(code: string | undefined): boolean {
  return code !== undefined && (CHALLENGE_CODES as readonly string[]).includes(code);
}

/** The next message of the same side after `sm`. */
export function nextOwn(session: Session, sm: SessionMessage): SessionMessage | undefined {
  for (let i = sm.index + 1; i < session.messages.length; i++)
    if (session.messages[i]!.direction === sm.direction) return session.messages[i];
  return undefined;
}
