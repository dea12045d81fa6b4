/**
 * After a Session Abort: the client does not reply to the server's abort; the server's reply to a
 * client abort holds statuses only, no new commands (DM Protocol §8.1; docs/dm-facts.md §8.3).
 */
import type { Rule } from './types.js';
import { defineRule } from './util/define.js';
import { alertsOf, commandsOf, describe, nextFrom, sml } from './util/session.js';

export const rule: Rule = defineRule({
  id: 'abort-reply',
  section: '8.1',
  scr: ['DM-PRO-Abort-C-002', 'DM-PRO-Abort-S-002'],
  side: 'both',
  severity: 'warning',
  description: 'The client does not answer a server abort; the server answers a client abort with statuses only.',
  explanation:
    "A session abort (Alert 1223) ends the session (DM Protocol 1.2 §8.1). The client SHOULD NOT reply to the server's abort, and any reply is discarded by the server. " +
    "A server receiving the client's abort SHOULD reply with a Status for the Alert and the SyncHdr and no new commands. " +
    'Work done after an abort is lost: the peer has already left the session.',
  check(ctx) {
    const session = ctx.session;
    for (const sm of session.messages) {
      if (!sml(sm) || alertsOf(sm, '1223').length === 0) continue;
      const r = nextFrom(session, sm);
      if (!r || !sml(r)) continue;
      if (sm.direction === 'server') {
        ctx.report({
          message: `${describe(r)} replies to the server's session abort (Alert 1223 in ${describe(sm)}); the client should not reply, and the server discards the reply`,
          messageIndex: r.index,
          path: 'SyncBody',
          side: 'client',
          scr: ['DM-PRO-Abort-C-002'],
        });
      } else {
        for (const c of commandsOf(r)) {
          if (c.name === 'Status') continue;
          ctx.report({
            message: `${describe(r)} answers the client's session abort (in ${describe(sm)}) with a new ${c.name} (CmdID ${c.cmdID?.trim() ?? '?'}); after an abort the server sends statuses only`,
            messageIndex: r.index,
            path: c.path,
            side: 'server',
            scr: ['DM-PRO-Abort-S-002'],
          });
        }
      }
    }
  },
});
export default rule;
