/**
 * The next MD5 credentials use the NextNonce of the peer's latest Chal — verified with the
 * configured password when one is given, otherwise by checking the digest changed
 * (DM Protocol §9; DM Security §5; docs/dm-facts.md §6.1–6.2).
 */
import { defineRule } from './util/define.js';
import { nonceCandidates, verifyMd5 } from '../auth/md5.js';
import { deviceCredential, serverCredential, type Credentials } from '../auth/credentials.js';
import { describe, sml } from './util/session.js';
import { authType, credentialsOf, nextOwn, verdictFor } from './util/auth.js';

export const rule = defineRule({
  id: 'auth-next-nonce-used',
  section: '9',
  scr: ['DM-PRO-S-010', 'DM-PRO-C-009'],
  side: 'both',
  severity: 'error',
  description: 'The MD5 credentials that follow a Chal are computed with its NextNonce.',
  explanation:
    'A Chal for syncml:auth-md5 carries the NextNonce the peer expects in the next digest; after a 200 ' +
    'or a 401/407 with such a Chal, the next credentials MUST be computed with it (DM Protocol 1.2 §9, ' +
    'DM Security §5). ' +
    'With --credentials the digest is recomputed with that nonce (and, to say what went wrong, with the ' +
    'previous one); without, a digest identical to the previous one shows the old nonce was reused. ' +
    'A Chal that comes with 212 sets the nonce for the next session and is not checked here. The digest and the nonce are never printed.',
  messages: {
    notNextNonce:
      "the {{side}}'s MD5 digest in {{next}} is not computed with the NextNonce of the Chal in {{chalMsg}}{{reused}}",
    digestRepeated:
      "the {{side}}'s MD5 digest in {{next}} is identical to the one in {{msg}}, although the Chal in {{chalMsg}} gave a new NextNonce; the next digest uses the new nonce",
  },
  check(ctx) {
    const session = ctx.session;
    const creds = ctx.credentials as Credentials | undefined;
    for (const sm of session.messages) {
      const v = verdictFor(session, sm);
      const chal = v?.status.chal;
      if (!v || !chal || v.code === '212' || authType(chal) !== 'md5') continue;
      const nonce = chal.meta?.nextNonce?.trim();
      if (!nonce) continue;
      const next = nextOwn(session, sm);
      if (!next || next.index < v.message.index) continue;
      const theirs = credentialsOf(next);
      const data = theirs?.cred?.data?.text.trim();
      if (!theirs || theirs.type !== 'md5' || !data) continue;
      const hdr = sml(next)?.hdr;
      const entry = creds
        ? sm.direction === 'client'
          ? deviceCredential(creds, hdr?.source?.locURI?.trim())
          : (serverCredential(creds, hdr?.source?.locURI?.trim()) ?? serverCredential(creds, session.server))
        : undefined;
      if (entry) {
        const user = hdr?.source?.locName?.trim() || entry.user;
        if (verifyMd5(data, user, entry.credential.password, nonceCandidates(nonce, { resync: false })).ok) continue;
        const prev = sml(sm)?.hdr.cred?.data?.text.trim();
        const usedOld = prev === data;
        ctx.report({
          messageId: 'notNextNonce',
          data: {
            side: sm.direction,
            next: describe(next),
            chalMsg: describe(v.message),
            reused: usedOld ? ' (it repeats the previous digest, so the old nonce was used)' : '',
          },
          messageIndex: next.index,
          path: 'SyncHdr/Cred/Data',
          side: sm.direction,
        });
        continue;
      }
      const prev = credentialsOf(sm);
      const prevData = prev?.type === 'md5' ? prev.cred?.data?.text.trim() : undefined;
      if (prevData && prevData === data) {
        ctx.report({
          messageId: 'digestRepeated',
          data: { side: sm.direction, next: describe(next), msg: describe(sm), chalMsg: describe(v.message) },
          messageIndex: next.index,
          path: 'SyncHdr/Cred/Data',
          side: sm.direction,
        });
      }
    }
  },
});
export default rule;
