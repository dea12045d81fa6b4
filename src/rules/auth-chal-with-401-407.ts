/**
 * A 401 or 407 on a SyncHdr carries a Chal, and after a refused credential the new challenge has a
 * fresh nonce (DM Protocol §9; DM Security §5; docs/dm-facts.md §6.2).
 */
import { defineRule } from './util/define.js';
import { commandsOf, describe, isHdrStatus, sml, statusCode } from './util/session.js';
import { authType } from './util/auth.js';

export const rule = defineRule({
  id: 'auth-chal-with-401-407',
  section: '9',
  scr: ['DM-PRO-S-010', 'DM-PRO-C-009'],
  side: 'both',
  severity: 'error',
  description: 'A Status 401 or 407 for a SyncHdr carries a Chal; a repeated challenge brings a fresh nonce.',
  explanation:
    'A 401 (credentials refused) or 407 (credentials missing) means the request needs authentication, ' +
    'and its Status MUST carry a Chal naming the type (and, for MD5 and HMAC, the NextNonce) to ' +
    'authenticate with (DM Protocol 1.2 §9). ' +
    'DM authenticates messages, so the Chal belongs on the Status for the SyncHdr; the per-command 401/407 statuses of an authentication-failure response echo that verdict and need none. ' +
    'When a credential was refused, the next challenge MUST come with a fresh nonce (DM Security §5); repeating the old nonce invites the same refused digest again.',
  messages: {
    noChal:
      'the SyncHdr Status {{code}} (CmdID {{cmdId}}) in {{msg}} has no Chal: the peer cannot tell how to authenticate',
    sameNonce:
      'the SyncHdr Status 401 in {{msg}} challenges again with the same NextNonce as the previous challenge; after a refused credential the nonce must be fresh',
  },
  check(ctx) {
    const lastNonce = { client: undefined as string | undefined, server: undefined as string | undefined };
    for (const sm of ctx.session.messages) {
      if (!sml(sm)) continue;
      for (const c of commandsOf(sm)) {
        if (!isHdrStatus(c)) continue;
        const code = statusCode(c);
        const nonce = c.chal?.meta?.nextNonce?.trim();
        if (code === '401' || code === '407') {
          if (!c.chal) {
            ctx.report({
              messageId: 'noChal',
              data: { code, cmdId: c.cmdID?.trim() ?? '?', msg: describe(sm) },
              messageIndex: sm.index,
              path: c.path,
              side: sm.direction,
            });
          } else if (code === '401' && nonce && nonce === lastNonce[sm.direction] && authType(c.chal) !== 'basic') {
            ctx.report({
              messageId: 'sameNonce',
              data: { msg: describe(sm) },
              messageIndex: sm.index,
              path: `${c.path}/Chal`,
              side: sm.direction,
            });
          }
        }
        if (nonce) lastNonce[sm.direction] = nonce;
      }
    }
  },
});
export default rule;
