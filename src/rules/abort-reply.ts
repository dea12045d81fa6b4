/**
 * After a Session Abort: the client does not reply to the server's abort; the server's reply to a
 * client abort holds statuses only, no new commands (DM Protocol §8.1; docs/dm-facts.md §8.3).
 */
import { defineRule } from './util/define.js';
import { alertsOf, commandsOf, describe, nextFrom, sml } from './util/session.js';

export const rule = defineRule({
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
  messages: {
    clientRepliesToAbort:
      "{{reply}} replies to the server's session abort (Alert 1223 in {{msg}}); the client should not reply, and the server discards the reply",
    serverCommandAfterAbort:
      "{{reply}} answers the client's session abort (in {{msg}}) with a new {{cmdName}} (CmdID {{cmdId}}); after an abort the server sends statuses only",
  },
  check(ctx) {
    const session = ctx.session;
    for (const sm of session.messages) {
      if (!sml(sm) || alertsOf(sm, '1223').length === 0) continue;
      const r = nextFrom(session, sm);
      if (!r || !sml(r)) continue;
      if (sm.direction === 'server') {
        ctx.report({
          messageId: 'clientRepliesToAbort',
          data: { reply: describe(r), msg: describe(sm) },
          messageIndex: r.index,
          path: 'SyncBody',
          side: 'client',
          scr: ['DM-PRO-Abort-C-002'],
        });
      } else {
        for (const c of commandsOf(r)) {
          if (c.name === 'Status') continue;
          ctx.report({
            messageId: 'serverCommandAfterAbort',
            data: { reply: describe(r), msg: describe(sm), cmdName: c.name, cmdId: c.cmdID?.trim() ?? '?' },
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
