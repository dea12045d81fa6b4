/**
 * The authentication type stays the same through the session, and a challenge is answered with
 * the type it asks for (DM Protocol §9; docs/dm-facts.md §6.2).
 */
import { defineRule } from './util/define.js';
import { describe } from './util/session.js';
import { authType, credentialsOf, isChallengeCode, nextOwn, verdictFor } from './util/auth.js';

export const rule = defineRule({
  id: 'auth-type-constant',
  section: '9',
  scr: ['DM-PRO-S-010', 'DM-PRO-C-009'],
  side: 'both',
  severity: 'error',
  description:
    'A challenge is answered with the type it asks for, and an accepted authentication type does not change during the session.',
  explanation:
    'Once authentication has happened, its type stays the same for the whole session (DM Protocol 1.2 §9), and a challenge MUST be answered with the type it names ' +
    '(answering an HMAC challenge with Basic ends the session). Switching type makes the peer treat the credentials as missing or invalid.',
  messages: {
    typeChanged:
      '{{msg}} authenticates with {{type}}, but {{accepted}} was accepted earlier in the session (message {{acceptedAt}}); the type must not change',
    wrongTypeForChallenge:
      '{{msg}} answers the {{code}} challenge for {{want}} (in {{chalMsg}}) with {{type}} credentials; a challenge is answered with the type it asks for',
  },
  check(ctx) {
    const session = ctx.session;
    const accepted = {
      client: undefined as { type: string; at: number } | undefined,
      server: undefined as { type: string; at: number } | undefined,
    };
    for (const sm of session.messages) {
      const mine = credentialsOf(sm);
      if (mine) {
        const a = accepted[sm.direction];
        if (a && a.type !== mine.type) {
          ctx.report({
            messageId: 'typeChanged',
            data: { msg: describe(sm), type: mine.type, accepted: a.type, acceptedAt: a.at + 1 },
            messageIndex: sm.index,
            path: mine.type === 'hmac' ? 'SyncHdr' : 'SyncHdr/Cred/Meta/Type',
            side: sm.direction,
          });
        }
      }
      const v = verdictFor(session, sm);
      if (!v) continue;
      if (mine && (v.code === '200' || v.code === '212') && !accepted[sm.direction])
        accepted[sm.direction] = { type: mine.type, at: sm.index };
      if (isChallengeCode(v.code) && v.status.chal) {
        const want = authType(v.status.chal);
        const next = nextOwn(session, sm);
        const theirs = next && credentialsOf(next);
        if (!want || !theirs || theirs.type === want) continue;
        ctx.report({
          messageId: 'wrongTypeForChallenge',
          data: { msg: describe(next!), code: v.code ?? '', want, chalMsg: describe(v.message), type: theirs.type },
          messageIndex: next!.index,
          path: theirs.type === 'hmac' ? 'SyncHdr' : 'SyncHdr/Cred/Meta/Type',
          side: sm.direction,
        });
      }
    }
  },
});
export default rule;
