/**
 * Packages 2 and 4 return a Status for every client Alert, generic alerts included, and for the
 * client's other commands (DM Protocol 8.4, 8.6 item 2; 8.7; SyncML RepPro: one Status per command).
 */
import { defineRule } from './util/define.js';
import { alertCode, messagesOf } from './util/session.js';
import { missingStatuses, missingStatusMessages } from './util/status.js';

export const rule = defineRule({
  id: 'server-status-for-commands',
  section: '8.4',
  scr: ['DM-PRO-Session-S-002', 'DM-PRO-S-008', 'DM-PRO-GAlert-S-001'],
  side: 'server',
  severity: 'error',
  description:
    'The server returns a Status for every client Alert (generic alerts included) and every other client command.',
  explanation:
    'Packages 2 and 4 return a Status for every Alert the client sent (DM Protocol 1.2 §8.4, §8.6), among them the session-type Alert 1200/1201 and the generic alerts 1226, ' +
    'which the server must answer with a Status (§8.7, DM-PRO-GAlert-S-001). SyncML also owes a Status to the DevInfo Replace of Package 1. ' +
    'Results need a Status only when it is not 200 (status-for-results checks that).',
  messages: missingStatusMessages,
  check(ctx) {
    for (const sm of messagesOf(ctx.session, 'client')) {
      missingStatuses(
        ctx.session,
        sm,
        () => true,
        ctx.report,
        (c) => (alertCode(c) === '1226' ? ' (a generic alert)' : ''),
      );
    }
  },
});
export default rule;
