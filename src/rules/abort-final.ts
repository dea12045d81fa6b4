/** The message carrying a Session Abort (Alert 1223) includes Final (DM Protocol §8.1; docs/dm-facts.md §8.3). */
import { defineRule } from './util/define.js';
import { alertsOf, describe, sml } from './util/session.js';

export const rule = defineRule({
  id: 'abort-final',
  section: '8.1',
  scr: ['DM-PRO-Abort-C-004', 'DM-PRO-Abort-S-004', 'DM-PRO-Abort-C-001', 'DM-PRO-Abort-S-001'],
  side: 'both',
  severity: 'error',
  description: 'A message carrying Alert 1223 (session abort) carries Final.',
  explanation:
    'Either side may abort the session at any time with Alert 1223; the message carrying it must include ' +
    'Final and may include the Status and Results of the commands already executed (DM Protocol 1.2 ' +
    '§8.1). ' +
    'Without Final the receiver expects more messages of the package and asks for them instead of ending the session.',
  messages: {
    abortWithoutFinal: '{{msg}} aborts the session (Alert 1223, CmdID {{cmdId}}) without Final',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      const s = sml(sm);
      if (!s || s.final) continue;
      const a = alertsOf(sm, '1223')[0];
      if (!a) continue;
      ctx.report({
        messageId: 'abortWithoutFinal',
        data: { msg: describe(sm), cmdId: a.cmdID?.trim() ?? '?' },
        messageIndex: sm.index,
        path: 'SyncBody',
        side: sm.direction,
        scr:
          sm.direction === 'client'
            ? ['DM-PRO-Abort-C-004', 'DM-PRO-Abort-C-001']
            : ['DM-PRO-Abort-S-004', 'DM-PRO-Abort-S-001'],
      });
    }
  },
});
export default rule;
