/** Package 3 returns a Status for every server Alert and management operation (DM Protocol 8.5 items 2–3). */
import { defineRule } from './util/define.js';
import { alertCode, messagesOf } from './util/session.js';
import { missingStatuses, missingStatusMessages } from './util/status.js';

export const rule = defineRule({
  id: 'client-status-for-commands',
  section: '8.5',
  scr: ['DM-PRO-C-008', 'DM-PRO-C-009', 'DM-PRO-C-006'],
  side: 'client',
  severity: 'error',
  description: 'The client returns a Status for every command the server sent (NoResp respected).',
  explanation:
    'Package 3 returns a Status for every Alert the server sent and for every management operation of the previous package (DM Protocol 1.2 §8.5), ' +
    'including the commands inside Atomic and Sequence. Only a command with NoResp needs none. ' +
    'The server learns from these statuses what was done; a missing one leaves the management action in an unknown state.',
  messages: missingStatusMessages,
  check(ctx) {
    for (const sm of messagesOf(ctx.session, 'server')) {
      missingStatuses(
        ctx.session,
        sm,
        () => true,
        ctx.report,
        (c) =>
          c.name === 'Alert' && ['1100', '1101', '1102', '1103', '1104'].includes(alertCode(c) ?? '')
            ? ' (a user-interaction alert)'
            : '',
      );
    }
  },
});
export default rule;
