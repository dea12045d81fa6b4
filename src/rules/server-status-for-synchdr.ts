/** Every server message answering the client carries a Status for the client's SyncHdr (DM Protocol 8.4, 8.6 item 2). */
import { defineRule } from './util/define.js';
import { messagesOf } from './util/session.js';
import { missingHdrStatus, missingHdrStatusMessages } from './util/status.js';

export const rule = defineRule({
  id: 'server-status-for-synchdr',
  section: '8.4',
  scr: ['DM-PRO-Session-S-002', 'DM-PRO-S-008'],
  side: 'server',
  perPackage: true,
  severity: 'error',
  description: 'The server answers every client message with a Status for its SyncHdr.',
  explanation:
    "Packages 2 and 4 return a Status for the client's SyncHdr (DM Protocol 1.2 §8.4, §8.6); it carries the authentication verdict (200, 212, 401, 407) and any challenge (§9). " +
    'Without it the client cannot know whether its credentials were accepted.',
  messages: missingHdrStatusMessages,
  check(ctx) {
    for (const sm of messagesOf(ctx.session, 'client')) missingHdrStatus(ctx.session, sm, ctx.report);
  },
});
export default rule;
