/**
 * After a request with credentials is answered 200 (not 212), the next request carries the same
 * type of credentials again (DM Protocol §9; docs/dm-facts.md §6.2).
 */
import { defineRule } from './util/define.js';
import { describe } from './util/session.js';
import { credentialsOf, nextOwn, verdictFor } from './util/auth.js';

export const rule = defineRule({
  id: 'auth-cred-after-200',
  section: '9',
  scr: ['DM-PRO-S-010', 'DM-PRO-C-009'],
  side: 'both',
  severity: 'error',
  description: 'Credentials answered 200 (not 212) are sent again in the next message.',
  explanation:
    'A SyncHdr Status 200 for a message with credentials means "this message was fine", not ' +
    '"authenticated for the session": the same kind of credentials MUST be sent in the next request (DM ' +
    'Protocol 1.2 §9); ' +
    'with MD5 and a Chal in that Status, computed with the new nonce. Only 212 lets a side stop sending credentials. A message without them will be challenged or refused.',
  messages: {
    credentialsNotResent:
      "{{next}} carries no credentials, but the {{side}}'s {{type}} credentials in {{msg}} were answered 200 (not 212) in {{verdictMsg}}, so they must be sent again",
  },
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
        messageId: 'credentialsNotResent',
        data: {
          next: describe(next),
          side: sm.direction,
          type: mine.type,
          msg: describe(sm),
          verdictMsg: describe(v.message),
        },
        messageIndex: next.index,
        path: 'SyncHdr',
        side: sm.direction,
      });
    }
  },
});
export default rule;
