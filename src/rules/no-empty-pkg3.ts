/**
 * A Package 3 that would hold only a Status for the SyncHdr is not sent: the session ends
 * (DM Protocol 8.5; docs/dm-facts.md §8.1).
 */
import { defineRule } from './util/define.js';
import { answered, commandsOf, describe, isAbort, isHdrStatus, messagesOf, sml } from './util/session.js';

export const rule = defineRule({
  id: 'no-empty-pkg3',
  section: '8.5',
  scr: ['DM-PRO-C-005', 'DM-PRO-C-008'],
  side: 'client',
  severity: 'error',
  description: 'The client does not send a Package 3 that holds only a Status for the SyncHdr.',
  explanation:
    "Package 3 is sent only when the server's package held commands that need a response, or the client has alerts to send (DM Protocol 1.2 §8.5). " +
    'A Package 3 holding nothing but the SyncHdr Status is not sent: after a server package with no commands, the session is over. ' +
    'Sending it makes the server answer with yet another empty package. (A SyncHdr Status carrying a challenge after an empty Package 2 is auth-no-challenge-after-empty-pkg2.)',
  messages: {
    emptyPkg3:
      "{{msg}} holds only a Status for the server's SyncHdr; such a Package 3 must not be sent: the session ends after a server package with no commands",
  },
  check(ctx) {
    for (const sm of messagesOf(ctx.session, 'client')) {
      if (!sml(sm) || sm.package === 1 || sm.nextMessageRequest) continue;
      const cmds = commandsOf(sm);
      if (cmds.length === 0 || !cmds.every((c) => isHdrStatus(c))) continue;
      if (cmds.some((c) => c.chal)) continue;
      // A reply to a server abort is abort-reply's finding.
      const prev = answered(ctx.session, sm);
      if (prev && isAbort(prev)) continue;
      ctx.report({
        messageId: 'emptyPkg3',
        data: { msg: describe(sm) },
        messageIndex: sm.index,
        path: 'SyncBody',
      });
    }
  },
});
export default rule;
