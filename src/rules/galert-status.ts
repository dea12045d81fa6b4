/** The server answers a Generic Alert with 200 or 202, or with 401, 407, 412, 415 or 500 (DM Protocol §8.7; docs/dm-facts.md §8.4). */
import { defineRule } from './util/define.js';
import { GALERT_STATUS } from './util/alerts.js';
import { alertsOf, answersFor, describe, describeCommand, messagesOf, statusCode } from './util/session.js';

export const rule = defineRule({
  id: 'galert-status',
  section: '8.7',
  scr: ['DM-PRO-GAlert-S-001', 'DM-PRO-S-009'],
  side: 'server',
  severity: 'error',
  description: 'A Generic Alert is answered with 200 or 202, or on error with 401, 407, 412, 415 or 500.',
  explanation:
    'The server answers each Generic Alert with a Status: 200 or 202 when it accepted it; on error 401 ' +
    'or 407 (authentication), 412 (incomplete), 415 (unsupported Type or Format) or 500 (DM Protocol 1.2 ' +
    '§8.7). ' +
    "The server must support the Generic Alert format even when it does not support a given Type (then 415). A missing Status is server-status-for-commands' finding.",
  messages: {
    badStatus:
      '{{msg}} answers the Generic Alert {{cmd}} with {{code}}; the answer is 200 or 202, or one of 401, 407, 412, 415, 500',
  },
  check(ctx) {
    for (const sm of messagesOf(ctx.session, 'client')) {
      for (const a of alertsOf(sm, '1226')) {
        const id = a.cmdID?.trim();
        if (!id) continue;
        for (const s of answersFor(ctx.session, sm, id)) {
          const code = statusCode(s.command);
          if (code === undefined || (GALERT_STATUS as readonly string[]).includes(code)) continue;
          ctx.report({
            messageId: 'badStatus',
            data: { msg: describe(s.message), cmd: describeCommand(a, sm), code },
            messageIndex: s.message.index,
            path: `${s.command.path}/Data`,
          });
        }
      }
    }
  },
});
export default rule;
