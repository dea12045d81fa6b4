/** Every client message answering the server carries a Status for the server's SyncHdr (DM Protocol 8.5 item 2, 6.2, 9). */
import { defineRule } from './util/define.js';
import { messagesOf } from './util/session.js';
import { missingHdrStatus, missingHdrStatusMessages } from './util/status.js';

export const rule = defineRule({
  id: 'client-status-for-synchdr',
  section: '8.5',
  scr: ['DM-PRO-C-008', 'DM-PRO-C-009'],
  side: 'client',
  perPackage: true,
  severity: 'error',
  description: 'The client answers every server message with a Status for its SyncHdr.',
  explanation:
    "Package 3 returns a Status for the server's SyncHdr (DM Protocol 1.2 §8.5); so does a Package 1 resent after a challenge (§9) and a next-message request (§6.2). " +
    "This Status (Cmd SyncHdr, CmdRef 0, MsgRef = the server's MsgID) carries the client's verdict on " +
    "the server's credentials and any challenge; without it the server cannot tell whether it is " +
    'authenticated.',
  messages: missingHdrStatusMessages,
  check(ctx) {
    for (const sm of messagesOf(ctx.session, 'server')) missingHdrStatus(ctx.session, sm, ctx.report);
  },
});
export default rule;
