/**
 * The authentication type stays the same through the session, and a challenge is answered with
 * the type it asks for (DM Protocol §9; docs/dm-facts.md §6.2).
 */
import type { Rule } from './types.js';
import { defineRule } from './util/define.js';
import { describe } from './util/session.js';
import { authType, credentialsOf, isChallengeCode, nextOwn, verdictFor } from './util/auth.js';

export const rule: Rule = defineRule({
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
            message: `${describe(sm)} authenticates with ${mine.type}, but ${a.type} was accepted earlier in the session (message ${a.at + 1}); the type must not change`,
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
          message: `${describe(next!)} answers the ${v.code} challenge for ${want} (in ${describe(v.message)}) with ${theirs.type} credentials; a challenge is answered with the type it asks for`,
          messageIndex: next!.index,
          path: theirs.type === 'hmac' ? 'SyncHdr' : 'SyncHdr/Cred/Meta/Type',
          side: sm.direction,
        });
      }
    }
  },
});
export default rule;
