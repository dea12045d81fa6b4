/**
 * With --credentials: basic credentials decode to the configured user and password, MD5 digests
 * and x-syncml-hmac MACs verify with the configured password and the nonce the peer gave
 * (DM Protocol §9; DM Security §5; docs/dm-facts.md §6). Secrets are never printed.
 */
import { defineRule } from './util/define.js';
import type { Session, SessionMessage } from '../session/types.js';
import { decodeBasic } from '../auth/basic.js';
import { nonceCandidates, resyncNonces, verifyMd5, type NonceCandidate } from '../auth/md5.js';
import { parseHmacHeader, verifyHmac } from '../auth/hmac.js';
import { deviceCredential, serverCredential, type Credentials } from '../auth/credentials.js';
import { describe, hdrPath, sml } from './util/session.js';
import { authType, hmacHeaderOf, verdictFor } from './util/auth.js';

/** A group of nonce candidates and where they came from, in the order they are tried. */
interface NonceSource {
  label: string;
  candidates: NonceCandidate[];
}

/** The nonces the sender of `sm` may have used: the peer's Chals before it (latest first), the configured nonce, none, the resync nonce. */
function nonceSources(session: Session, sm: SessionMessage, configured: string | undefined): NonceSource[] {
  const out: NonceSource[] = [];
  for (let i = sm.index - 1; i >= 0; i--) {
    const own = session.messages[i]!;
    if (own.direction !== sm.direction) continue;
    const v = verdictFor(session, own);
    const n = v?.status.chal?.meta?.nextNonce?.trim();
    if (v && n && v.message.index < sm.index && !out.some((s) => s.label.endsWith(`${describe(v.message)}`))) {
      out.push({
        label: `the nonce from the Chal in ${describe(v.message)}`,
        candidates: nonceCandidates(n, { resync: false }),
      });
    }
  }
  if (configured)
    out.push({ label: 'the configured nonce', candidates: nonceCandidates(configured, { resync: false }) });
  if (out.length === 0)
    out.push({
      label: 'an empty nonce (no Chal before it and none configured)',
      candidates: [{ kind: 'given', bytes: new Uint8Array(0) }],
    });
  out.push({ label: 'the resynchronisation nonce 0x00000000', candidates: resyncNonces() });
  return out;
}

export const rule = defineRule({
  id: 'auth-verify',
  section: '9',
  scr: ['DM-PRO-S-010', 'DM-PRO-C-009'],
  side: 'both',
  severity: 'error',
  description:
    'With --credentials, basic credentials, MD5 digests and HMAC MACs verify against the configured user and password.',
  explanation:
    'Given the accounts with --credentials, each SyncHdr Cred and x-syncml-hmac header is checked (DM ' +
    'Protocol 1.2 §9, DM Security §5): basic credentials must decode to the configured user and ' +
    'password; ' +
    'MD5 digests B64(MD5(B64(MD5(user:password)):nonce)) and HMAC MACs must verify with the configured password and the nonce the peer gave in its last Chal ' +
    '(else the configured nonce, else an empty one, else the resynchronisation nonce), the nonce taken as its base64-decoded bytes and then as text. ' +
    'A failure says which side, which user and which nonces were tried; passwords, nonces and digests are never printed. Without --credentials the rule is silent.',
  messages: {
    md5Ds11:
      '{{who}} MD5 digest in {{msg}} (user "{{user}}") uses the DS 1.1 formula B64(MD5(user:password:nonce)) with {{nonce}}; DM 1.2 digests B64(MD5(B64(MD5(user:password)):nonce))',
    md5Mismatch:
      '{{who}} MD5 digest in {{msg}} does not verify for user "{{user}}" with the configured password; tried {{tried}}',
    basicUndecodable: '{{who}} basic credentials in {{msg}} cannot be decoded: {{reason}}',
    basicWrongUser:
      '{{who}} basic credentials in {{msg}} are for user "{{user}}", but the configured user is "{{configured}}"',
    basicWrongPassword: '{{who}} basic credentials in {{msg}} (user "{{user}}") do not carry the configured password',
    hmacHeaderUnreadable: '{{who}} x-syncml-hmac header in {{msg}} cannot be read: {{reason}}',
    hmacUserMismatch:
      '{{who}} x-syncml-hmac header in {{msg}} names user "{{username}}", but the SyncHdr Source LocName is "{{locName}}"; they must be the same',
    hmacMismatch:
      '{{who}} HMAC in {{msg}} does not verify for user "{{username}}" with the configured password over the body as sent; tried {{tried}}',
  },
  check(ctx) {
    const creds = ctx.credentials as Credentials | undefined;
    if (!creds || !creds.devices || !creds.servers) return;
    const session = ctx.session;
    for (const sm of session.messages) {
      const hdr = sml(sm)?.hdr;
      if (!hdr) continue;
      const id = hdr.source?.locURI?.trim();
      const entry =
        sm.direction === 'client'
          ? deviceCredential(creds, id)
          : (serverCredential(creds, id) ?? serverCredential(creds, session.server));
      if (!entry) continue;
      const who = `the ${sm.direction}'s`;
      const cred = hdr.cred;
      const type = authType(cred);
      const data = cred?.data?.text.trim();
      if (cred && type === 'basic' && data !== undefined) {
        const d = decodeBasic(data);
        if (!d.ok)
          ctx.report({
            messageId: 'basicUndecodable',
            data: { who, msg: describe(sm), reason: d.reason },
            messageIndex: sm.index,
            path: hdrPath('Cred/Data'),
            side: sm.direction,
          });
        else if (d.user !== entry.user)
          ctx.report({
            messageId: 'basicWrongUser',
            data: { who, msg: describe(sm), user: d.user, configured: entry.user },
            messageIndex: sm.index,
            path: hdrPath('Cred/Data'),
            side: sm.direction,
          });
        else if (d.password !== entry.credential.password)
          ctx.report({
            messageId: 'basicWrongPassword',
            data: { who, msg: describe(sm), user: d.user },
            messageIndex: sm.index,
            path: hdrPath('Cred/Data'),
            side: sm.direction,
          });
      } else if (cred && type === 'md5' && data !== undefined) {
        const user = hdr.source?.locName?.trim() || entry.user;
        const sources = nonceSources(session, sm, entry.credential.nonce);
        let ds11: string | undefined;
        let ok = false;
        for (const s of sources) {
          const r = verifyMd5(data, user, entry.credential.password, s.candidates);
          if (r.ok) {
            ok = true;
            break;
          }
          if (r.ds11 && !ds11) ds11 = s.label;
        }
        if (ok) continue;
        const place = { messageIndex: sm.index, path: hdrPath('Cred/Data'), side: sm.direction };
        if (ds11) ctx.report({ messageId: 'md5Ds11', data: { who, msg: describe(sm), user, nonce: ds11 }, ...place });
        else
          ctx.report({
            messageId: 'md5Mismatch',
            data: { who, msg: describe(sm), user, tried: sources.map((s) => s.label).join(', ') },
            ...place,
          });
      }
      const h = hmacHeaderOf(sm);
      if (h !== undefined) {
        const p = parseHmacHeader(h);
        if (!p.ok) {
          ctx.report({
            messageId: 'hmacHeaderUnreadable',
            data: { who, msg: describe(sm), reason: p.reason },
            messageIndex: sm.index,
            side: sm.direction,
          });
          continue;
        }
        const locName = hdr.source?.locName?.trim();
        if (locName !== undefined && locName !== p.header.username) {
          ctx.report({
            messageId: 'hmacUserMismatch',
            data: { who, msg: describe(sm), username: p.header.username, locName },
            messageIndex: sm.index,
            path: hdrPath('Source/LocName'),
            side: sm.direction,
          });
        }
        const body = sm.message.http?.body ?? sm.message.raw;
        const sources = nonceSources(session, sm, entry.credential.nonce);
        if (sources.some((s) => verifyHmac(p.header, entry.credential.password, body, s.candidates).ok)) continue;
        ctx.report({
          messageId: 'hmacMismatch',
          data: { who, msg: describe(sm), username: p.header.username, tried: sources.map((s) => s.label).join(', ') },
          messageIndex: sm.index,
          side: sm.direction,
        });
      }
    }
  },
});
export default rule;
