/**
 * A next-message request holds Status (for the SyncHdr, the chunks) and Alert 1222 only, and no
 * Final (DM Protocol §6.2; docs/dm-facts.md §8.1).
 */
import { defineRule } from './util/define.js';
import { alertCode, alertsOf, describe, sml } from './util/session.js';

export const rule = defineRule({
  id: 'next-message-response',
  section: '6.2',
  scr: ['DM-PRO-Mul-C-002', 'DM-PRO-Mul-S-002'],
  side: 'both',
  severity: 'error',
  description:
    'A message asking for the next message (Alert 1222) holds only Status commands (and, from the client, Results) and that Alert, and no Final.',
  explanation:
    'The "next message" response, sent while the peer\'s package is not complete, holds a Status for the ' +
    'SyncHdr (and for the commands received, such as a 213 for a chunk) and Alert 1222 — no other ' +
    'commands and no Final (DM Protocol 1.2 §6.2). ' +
    "Final would close the sender's own package in the middle of the peer's; other commands would start new work before the peer has finished its package. " +
    'A client may carry Results in it (for Gets that came with a large-object chunk): §6.2 lets Results go with, or instead of, Alert 1222.',
  messages: {
    requestWithFinal: '{{msg}} asks for the next message (Alert 1222) but carries Final',
    requestWithCommand:
      '{{msg}} asks for the next message (Alert 1222) and also sends {{cmdName}} (CmdID {{cmdId}}); a next-message request holds only Status and the Alert',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      const s = sml(sm);
      if (!s) continue;
      const a = alertsOf(sm, '1222')[0];
      if (!a) continue;
      if (s.final) {
        ctx.report({
          messageId: 'requestWithFinal',
          data: { msg: describe(sm) },
          messageIndex: sm.index,
          path: 'SyncBody/Final',
          side: sm.direction,
        });
      }
      for (const c of s.body) {
        if (c.name === 'Status' || (c.name === 'Alert' && ['1222', '1223'].includes(alertCode(c) ?? ''))) continue;
        // The client may answer the Gets that came with a chunk in the same message (§6.2 lets Results go with or instead of 1222).
        if (sm.direction === 'client' && c.name === 'Results') continue;
        ctx.report({
          messageId: 'requestWithCommand',
          data: {
            msg: describe(sm),
            cmdName: c.name === 'Alert' ? `Alert ${alertCode(c) ?? ''}`.trim() : c.name,
            cmdId: c.cmdID?.trim() ?? '?',
          },
          messageIndex: sm.index,
          path: c.path,
          side: sm.direction,
        });
      }
    }
  },
});
export default rule;
