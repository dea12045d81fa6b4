/**
 * A client answering a notification (Alert 1200) uses the Package 0 session id as its SessionID:
 * uppercase hex, no leading zeros (DM Protocol 8.3; DM Notification 6.2.2.10; docs/dm-facts.md §7.3).
 */
import { defineRule } from './util/define.js';
import { alertsOf, describe, hdrPath, sml } from './util/session.js';

export const rule = defineRule({
  id: 'hdr-sessionid-pkg0',
  section: '8.3',
  scr: ['DM-PRO-Session-C-001', 'DM-PRO-Session-C-003'],
  side: 'client',
  severity: 'error',
  description: 'The SessionID of a notification-initiated session is the Package 0 session id in uppercase hex.',
  explanation:
    'When the client answers a Package 0 notification with Alert 1200, its SyncHdr SessionID must equal the session id of the trigger, ' +
    'written as uppercase hexadecimal without leading zeros (0x00AB is `AB`; DM Notification 1.2 §6.2.2.10, DM Protocol §8.3). ' +
    'The server uses it to match the session to the notification it sent; a decimal or zero-padded value breaks that match.',
  messages: {
    notPkg0SessionId:
      '{{msg}} answers the Package 0 notification (session id 0x{{expected}}) with SessionID {{sessionId}}; it must be {{expected}} (uppercase hex, no leading zeros)',
  },
  check(ctx) {
    const n = ctx.session.notification;
    if (!n) return;
    const expected = n.sessionIdHex;
    for (const sm of ctx.session.messages) {
      if (sm.direction !== 'client' || sm.package !== 1 || !sm.packageStart) continue;
      if (alertsOf(sm, '1200').length === 0) continue;
      const v = sml(sm)?.hdr.sessionID?.trim();
      if (v === undefined || v === expected) continue;
      ctx.report({
        messageId: 'notPkg0SessionId',
        data: { msg: describe(sm), expected, sessionId: v },
        messageIndex: sm.index,
        path: hdrPath('SessionID'),
      });
    }
  },
});
export default rule;
