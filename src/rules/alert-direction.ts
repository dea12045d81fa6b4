/**
 * Alerts go the way the protocol defines: UI alerts 1100–1104 server → client; 1200, 1201, 1224
 * and 1226 client → server (DM Protocol §8.3, §8.7, §10; docs/dm-facts.md §4).
 */
import { defineRule } from './util/define.js';
import { ALERT_DIRECTION, ALERT_NAME } from './util/alerts.js';
import { alertCode, commandsOf, describe } from './util/session.js';

export const rule = defineRule({
  id: 'alert-direction',
  section: '10',
  scr: ['DM-PRO-C-009', 'DM-PRO-S-006', 'DM-PRO-S-007'],
  side: 'both',
  severity: 'error',
  description:
    'UI alerts (1100-1104) go server to client; session, event and generic alerts (1200, 1201, 1224, 1226) client to server.',
  explanation:
    'DM alert codes have a direction (DM Protocol 1.2 §10, §8.3, §8.7; DM RepPro alert codes): the ' +
    'user-interaction alerts 1100 to 1104 are sent by the server only, and a server ignores them from a ' +
    'client; ' +
    'the session-type alerts 1200 and 1201, the Client Event 1224 and the Generic Alert 1226 are sent by the client only. An alert sent the wrong way is not processed.',
  messages: {
    wrongDirection: '{{msg}} sends Alert {{code}} ({{name}}); only the {{sender}} sends it',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      for (const c of commandsOf(sm)) {
        const code = alertCode(c);
        if (!code) continue;
        if (!Object.hasOwn(ALERT_DIRECTION, code)) continue;
        const from = ALERT_DIRECTION[code as keyof typeof ALERT_DIRECTION];
        if (from === sm.direction) continue;
        const name = ALERT_NAME[code as keyof typeof ALERT_NAME];
        ctx.report({
          messageId: 'wrongDirection',
          data: { msg: describe(sm), code, name, sender: from },
          messageIndex: sm.index,
          path: c.path,
          side: sm.direction,
          scr: sm.direction === 'client' ? ['DM-PRO-C-009'] : ['DM-PRO-S-006'],
        });
      }
    }
  },
});
export default rule;
