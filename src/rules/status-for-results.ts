/** No Status with 200 for Results (DM RepPro 4.1.5.1; DM Protocol 6.2; docs/dm-facts.md §3.4). */
import { defineRule } from './util/define.js';
import { commandById, commandsOf, describe, referencedMessage, sml, statusCode } from './util/session.js';

export const rule = defineRule({
  id: 'status-for-results',
  section: '8.6',
  scr: ['DM-PRO-S-008', 'DM-PRO-C-009'],
  side: 'both',
  severity: 'error',
  description: 'A Status answers Results only when the code is not 200.',
  explanation:
    'Results are acknowledged only when something went wrong: a Status must not be sent for Results if its code would be 200, and must be sent otherwise (DM RepPro 4.1.5.1; DM Protocol 1.2 §6.2). ' +
    'A 200 for Results costs a round trip: the peer has to read and match a Status that says nothing.',
  messages: {
    status200ForResults:
      '{{msg}} sends Status 200 for the Results CmdID {{cmdRef}}{{ofMsgRef}}; Results get a Status only when it is not 200',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      if (!sml(sm)) continue;
      for (const c of commandsOf(sm)) {
        if (c.name !== 'Status' || statusCode(c) !== '200') continue;
        const cmdRef = c.cmdRef?.trim();
        const ref = referencedMessage(ctx.session, sm, c.msgRef);
        const target = ref && cmdRef ? commandById(ref, cmdRef) : undefined;
        const isResults = target ? target.name === 'Results' : c.cmd?.trim() === 'Results';
        if (!isResults) continue;
        ctx.report({
          messageId: 'status200ForResults',
          data: { msg: describe(sm), cmdRef: cmdRef ?? '?', ofMsgRef: c.msgRef ? ` of MsgRef ${c.msgRef.trim()}` : '' },
          messageIndex: sm.index,
          path: c.path,
          side: sm.direction,
        });
      }
    }
  },
});
export default rule;
