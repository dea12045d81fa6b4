/**
 * The last message of a package carries Final: the server puts Final in every message but
 * large-object chunks and next-message requests; the client ends its packages with Final
 * (DM Protocol §6.2, 8.3–8.6; docs/dm-facts.md §8.1).
 */
import { defineRule } from './util/define.js';
import { hasMoreData, lacksFinal } from './util/final.js';
import { answerTo, describe, nextFrom } from './util/session.js';

export const rule = defineRule({
  id: 'pkg-final',
  section: '6.2',
  scr: ['DM-PRO-Session-C-002', 'DM-PRO-Mul-C-001', 'DM-PRO-Mul-S-001'],
  side: 'both',
  perPackage: true,
  severity: 'error',
  description: 'Every package ends with a message carrying Final.',
  explanation:
    'The last message of every package carries Final (DM Protocol 1.2 §6.2; §8.3 to §8.6). Server packages are single messages except while sending a large object, ' +
    'so the server puts Final in every message except the large-object chunks and its next-message requests. ' +
    'A client package ends with Final too: a client message without Final announces more messages of the same package, and the client must send them. ' +
    'Without Final the peer waits for the rest of a package that never comes.',
  messages: {
    serverNoFinal:
      '{{msg}} has no Final; a server message without Final must be a large-object chunk or a next-message request',
    clientNoFinal:
      "{{msg}} has no Final, yet the client sent no further message of the package after the server's answer; the last message of a package carries Final",
  },
  check(ctx) {
    const session = ctx.session;
    for (const sm of session.messages) {
      if (!lacksFinal(sm) || hasMoreData(sm)) continue;
      if (sm.direction === 'server') {
        ctx.report({
          messageId: 'serverNoFinal',
          data: { msg: describe(sm) },
          messageIndex: sm.index,
          path: 'SyncBody',
          side: 'server',
          scr: ['DM-PRO-Mul-S-001'],
        });
        continue;
      }
      // A client message without Final: the package goes on, so the client's next message must follow.
      if (answerTo(session, sm) && !nextFrom(session, sm, 'client')) {
        ctx.report({
          messageId: 'clientNoFinal',
          data: { msg: describe(sm) },
          messageIndex: sm.index,
          path: 'SyncBody',
          side: 'client',
          scr: ['DM-PRO-Mul-C-001', 'DM-PRO-Session-C-002'],
        });
      }
    }
  },
});
export default rule;
