/**
 * The first MD5 credentials of a session use the NextNonce the peer's last Chal gave in the
 * previous session of the same device and server (DM Protocol 1.2 §9: "with MD5 a Chal may still
 * come with [212], and its next nonce MUST be used when the next session starts"; DM Security §5;
 * docs/dm-facts.md §6.1–6.2). Cross-session: the engine's memory (RuleContext.memory) carries the nonces
 * from one session of a device to the next.
 */
import type { Direction } from '../model/exchange.js';
import type { Session, SessionMessage } from '../session/types.js';
import { defineRule } from './util/define.js';
import { nonceCandidates, resyncNonces, verifyMd5, type NonceCandidate } from '../auth/md5.js';
import { deviceCredential, serverCredential, type Credentials } from '../auth/credentials.js';
import { describe, sml } from './util/session.js';
import { authType, credentialsOf, verdictFor } from './util/auth.js';

/** A NextNonce (base64 text, as sent) and where it was given. */
interface GivenNonce {
  nonce: string;
  where: string;
}

/** What one side (whose credentials) carries into the next session. */
interface SideMemory {
  /** The NextNonce its next credentials must use: the peer's latest MD5 Chal. */
  next: GivenNonce;
  /** Earlier NextNonces (newest first, a few), to tell which one a wrong digest used. */
  older: GivenNonce[];
  /** The last MD5 digest the side sent, and the NextNonce in force when it was sent (when known). */
  lastDigest?: string;
  digestNonce?: string;
}

/** The memory slot of this rule: per side whose credentials the nonces are for. */
type NonceMemory = Partial<Record<Direction, SideMemory>>;

const KEEP_OLDER = 4;

/** The MD5 Chals the peer gave to `side`'s credentials in this session, in order, with the message each came in. */
function chalsFor(session: Session, side: Direction): Array<GivenNonce & { index: number }> {
  const out: Array<GivenNonce & { index: number }> = [];
  for (const sm of session.messages) {
    if (sm.direction !== side) continue;
    const v = verdictFor(session, sm);
    const chal = v?.status.chal;
    const nonce = chal?.meta?.nextNonce?.trim();
    if (!v || !chal || !nonce || authType(chal) !== 'md5') continue;
    if (out.some((c) => c.index === v.message.index)) continue;
    out.push({ nonce, index: v.message.index, where: `the Chal in ${describe(v.message)} of session ${session.id}` });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The credential entry for `side`'s credentials in `sm` (device or server), from --credentials. */
function entryFor(creds: Credentials, session: Session, sm: SessionMessage, side: Direction) {
  const source = sml(sm)?.hdr.source?.locURI?.trim();
  return side === 'client'
    ? deviceCredential(creds, source)
    : (serverCredential(creds, source) ?? serverCredential(creds, session.server));
}

const RESYNC_NAMES: Record<string, string> = {
  'resync-zero-bytes': 'the resynchronisation nonce 0x00000000 (4 zero bytes)',
  'resync-b64-text': "the resynchronisation nonce as the text 'AAAAAA=='",
  'resync-hex-text': "the resynchronisation nonce as the text '0x00000000'",
};

/** Which known nonce a digest was computed with, named for the report (never the nonce itself). */
function whichNonce(data: string, user: string, password: string, mem: SideMemory, stored: string | undefined): string {
  const tries: Array<{ name: string; candidates: NonceCandidate[] }> = [
    ...mem.older.map((o) => ({
      name: `an older NextNonce (${o.where})`,
      candidates: nonceCandidates(o.nonce, { resync: false }),
    })),
    ...(stored
      ? [{ name: 'the nonce stored in the credentials file', candidates: nonceCandidates(stored, { resync: false }) }]
      : []),
    ...resyncNonces().map((c) => ({ name: RESYNC_NAMES[c.kind] ?? c.kind, candidates: [c] })),
  ];
  for (const t of tries) {
    const v = verifyMd5(data, user, password, t.candidates);
    if (v.ok) return `it was computed with ${t.name}`;
    if (v.ds11) return `it matches ${t.name} only with the SyncML DS 1.1 formula B64(MD5(user:password:nonce))`;
  }
  const v = verifyMd5(data, user, password, nonceCandidates(mem.next.nonce, { resync: false }));
  if (v.ds11)
    return 'it matches the expected NextNonce only with the SyncML DS 1.1 formula B64(MD5(user:password:nonce))';
  return 'no known nonce matches it (another nonce, or other credentials)';
}

export const rule = defineRule({
  id: 'auth-next-session-nonce',
  section: '9',
  scr: ['DM-PRO-S-010', 'DM-PRO-C-009'],
  side: 'both',
  severity: 'error',
  description:
    "A session's first MD5 credentials use the NextNonce the peer gave in the previous session of that device.",
  explanation:
    'The NextNonce of the last syncml:auth-md5 Chal a side received — also one that comes with 212 — is ' +
    'the nonce of its next digest, and when the session ends there it MUST be used when the next session ' +
    'starts (DM Protocol 1.2 §9, DM Security §5). ' +
    'For consecutive sessions of the same device and server in one trace, the first MD5 Cred of the ' +
    'later session is checked against that nonce: with --credentials the digest is recomputed and, when ' +
    'it does not match, the report says which nonce was used instead (an older NextNonce, the stored ' +
    'nonce of the credentials file, the resynchronisation nonce); without credentials, a digest ' +
    'identical to the last one of the previous session, although a new NextNonce came after it, shows ' +
    'the old nonce was reused. ' +
    'A wrong nonce costs a 401 and a new challenge round at best; a server that accepts it is open to replay. The digest and the nonces are never printed.',
  messages: {
    notNextNonce:
      "the {{side}}'s first MD5 digest in {{firstMsg}} is not computed with the NextNonce of {{where}}, which the next session must use; {{reused}}{{nonceUsed}}",
    oldNonceReused:
      "the {{side}}'s first MD5 digest in {{firstMsg}} repeats its last digest of the previous session, although {{where}} gave a new NextNonce for the next session; the old nonce was reused",
  },
  check(ctx) {
    const session = ctx.session;
    const memory = ctx.memory;
    if (!memory) return;
    const creds = ctx.credentials as Credentials | undefined;
    const before = memory.get<NonceMemory>() ?? {};
    const after: NonceMemory = {};
    for (const side of ['client', 'server'] as const) {
      const chals = chalsFor(session, side);
      const mem = before[side];
      const first = session.messages.find((m) => m.direction === side && credentialsOf(m) !== undefined);
      const firstCred = first && credentialsOf(first);
      const data = firstCred?.type === 'md5' ? firstCred.cred?.data?.text.trim() : undefined;
      // Only credentials sent before any Chal of this session (after one, auth-next-nonce-used judges them).
      if (mem && first && data && !chals.some((c) => c.index < first.index)) {
        const entry = creds ? entryFor(creds, session, first, side) : undefined;
        if (entry) {
          const user = sml(first)?.hdr.source?.locName?.trim() || entry.user;
          if (
            !verifyMd5(data, user, entry.credential.password, nonceCandidates(mem.next.nonce, { resync: false })).ok
          ) {
            ctx.report({
              messageId: 'notNextNonce',
              data: {
                side,
                firstMsg: describe(first),
                where: mem.next.where,
                reused:
                  mem.lastDigest === data
                    ? 'it repeats its last digest of the previous session, so the old nonce was reused: '
                    : '',
                nonceUsed: whichNonce(data, user, entry.credential.password, mem, entry.credential.nonce),
              },
              messageIndex: first.index,
              path: 'SyncHdr/Cred/Data',
              side,
            });
          }
        } else if (mem.lastDigest === data && mem.digestNonce !== undefined && mem.digestNonce !== mem.next.nonce) {
          ctx.report({
            messageId: 'oldNonceReused',
            data: { side, firstMsg: describe(first), where: mem.next.where },
            messageIndex: first.index,
            path: 'SyncHdr/Cred/Data',
            side,
          });
        }
      }
      // What the next session of this device must use: the latest NextNonce given to this side.
      const known: GivenNonce[] = [
        ...(mem ? [mem.next, ...mem.older] : []).reverse(),
        ...chals.map(({ nonce, where }) => ({ nonce, where })),
      ];
      const next = known[known.length - 1];
      if (!next) continue;
      const s: SideMemory = { next, older: known.slice(0, -1).reverse().slice(0, KEEP_OLDER) };
      let digestNonce = mem?.digestNonce;
      let lastDigest = mem?.lastDigest;
      for (const m of session.messages) {
        const c = m.direction === side ? credentialsOf(m) : undefined;
        const d = c?.type === 'md5' ? c.cred?.data?.text.trim() : undefined;
        if (!d) continue;
        lastDigest = d;
        // The nonce in force when it was sent: the latest Chal before it, else the previous session's.
        digestNonce = [...chals].reverse().find((ch) => ch.index < m.index)?.nonce ?? mem?.next.nonce;
      }
      if (lastDigest !== undefined) s.lastDigest = lastDigest;
      if (digestNonce !== undefined) s.digestNonce = digestNonce;
      after[side] = s;
    }
    memory.set(after);
  },
});
export default rule;
