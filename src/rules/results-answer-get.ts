/** Results only answer a Get (SyncML RepPro 5.5.x; DM RepPro 4.1.6 Results; docs/dm-facts.md §3.4). */
import { defineRule } from './util/define.js';
import { commandById, commandsOf, describe, referencedMessage, sml } from './util/session.js';

export const rule = defineRule({
  id: 'results-answer-get',
  section: '8.5',
  scr: ['DM-PRO-C-009', 'DM-PRO-S-008'],
  side: 'both',
  severity: 'error',
  description: 'Results point at a Get of the peer.',
  explanation:
    'Results carry the data a Get asked for: their MsgRef and CmdRef name that Get (DM RepPro 4.1.6, DM Protocol 1.2 §8.5). ' +
    'Results that reference another command (a Replace, an Alert) or the SyncHdr answer nothing the peer asked for, and the peer cannot use them.',
  messages: {
    resultsForSyncHdr:
      'the Results (CmdID {{cmdId}}) in {{msg}} reference the SyncHdr (CmdRef 0); Results answer a Get',
    resultsNotForGet:
      'the Results (CmdID {{cmdId}}) in {{msg}} answer the {{name}} CmdID {{cmdRef}} of {{ref}}; Results answer only a Get',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      if (!sml(sm)) continue;
      for (const c of commandsOf(sm)) {
        if (c.name !== 'Results') continue;
        const ref = referencedMessage(ctx.session, sm, c.msgRef);
        const cmdRef = c.cmdRef?.trim();
        if (!ref || !cmdRef) continue; // msgref-cmdref-valid
        if (cmdRef === '0') {
          ctx.report({
            messageId: 'resultsForSyncHdr',
            data: { cmdId: c.cmdID?.trim() ?? '?', msg: describe(sm) },
            messageIndex: sm.index,
            path: `${c.path}/CmdRef`,
            side: sm.direction,
          });
          continue;
        }
        const target = commandById(ref, cmdRef);
        if (target && target.name !== 'Get') {
          ctx.report({
            messageId: 'resultsNotForGet',
            data: { cmdId: c.cmdID?.trim() ?? '?', msg: describe(sm), name: target.name, cmdRef, ref: describe(ref) },
            messageIndex: sm.index,
            path: `${c.path}/CmdRef`,
            side: sm.direction,
          });
        }
      }
    }
  },
});
export default rule;
