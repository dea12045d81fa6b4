/**
 * After a request with credentials is answered 200 (not 212), the next request carries the same
 * type of credentials again (DM Protocol §9; docs/dm-facts.md §6.2).
 */
import type { Rule } from './types.js';
import { defineRule } from './util/define.js';
import { describe } from './util/session.js';
import { credentialsOf, nextOwn, verdictFor } from './util/auth.js';

export const rule: Rule = defineRule({
  id: 'auth-cred-after-200',
  section: '9',
  scr: ['DM-PRO-S-010', 'DM-PRO-C-009'],
  side: 'both',
  severity: 'error',
  description: 'Credentials answered 200 (not 212) are sent again in the next message.',
  explanation:
    'A SyncHdr Status 200 for a message with credentials means "this message was fine", not "authenticated for the session": the same kind of credentials MUST be sent in the next request (DM Protocol 1.2 §9); ' +
    'with MD5 and a Chal in that Status, computed with the new nonce. Only 212 lets a side stop sending credentials. A message without them will be challenged or refused.',
  check(ctx) {
    const session = ctx.session;
    for (const sm of session.messages) {
      const mine = credentialsOf(sm);
      if (!mine) continue;
      const v = verdictFor(session, sm);
      if (v?.code !== '200') continue;
      const next = nextOwn(session, sm);
      if (!next || !next.message.syncml || credentialsOf(next)) continue;
      ctx.report({
        message: `${describe(next)} carries no credentials, but the ${sm.direction}'s ${mine.type} credentials in ${describe(sm)} were answered 200 (not 212) in ${describe(v.message)}, so they must be sent again`,
        messageIndex: next.index,
        path: 'SyncHdr',
        side: sm.direction,
      });
    }
  },
});
export default rule;
