/**
 * 212 (authentication accepted) answers only a SyncHdr that carried credentials. Field reality D8:
 * hostap answers 212 to every message, so 212 without credentials is a warning (DM Protocol §9;
 * docs/dm-facts.md §5, §10).
 */
import { defineRule } from './util/define.js';
import { commandsOf, describe, isHdrStatus, referencedMessage, sml, statusCode } from './util/session.js';
import { credentialsOf } from './util/auth.js';

export const rule = defineRule({
  id: 'auth-212-only-with-cred',
  section: '9',
  scr: ['DM-PRO-S-010', 'DM-PRO-C-009'],
  side: 'both',
  severity: 'warning',
  description: 'Status 212 (authentication accepted) answers only a SyncHdr that carried credentials.',
  explanation:
    '212 means "authenticated for the rest of the session" and is the answer to a request that carried credentials, on the SyncHdr Status only (DM Protocol 1.2 §9). ' +
    'A 212 for a SyncHdr without Cred (or x-syncml-hmac) claims an authentication that did not happen; hostap sends it anyway (docs/dm-facts.md §10 D8), so it is a warning. ' +
    '212 on the Status of a command is an error: commands are not authenticated on their own in DM.',
  messages: {
    commandAnswered212: '{{msg}} answers a {{cmd}} (CmdRef {{cmdRef}}) with 212; 212 is for the SyncHdr only',
    noCredentials:
      '{{msg}} answers the SyncHdr of {{ref}} with 212 (authentication accepted), but that message carried no credentials',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      if (!sml(sm)) continue;
      for (const c of commandsOf(sm)) {
        if (c.name !== 'Status' || statusCode(c) !== '212') continue;
        if (!isHdrStatus(c)) {
          ctx.report({
            messageId: 'commandAnswered212',
            data: { msg: describe(sm), cmd: c.cmd?.trim() ?? 'command', cmdRef: c.cmdRef?.trim() ?? '?' },
            messageIndex: sm.index,
            path: `${c.path}/Data`,
            side: sm.direction,
            severity: 'error',
          });
          continue;
        }
        const ref = referencedMessage(ctx.session, sm, c.msgRef);
        if (!ref || credentialsOf(ref)) continue;
        ctx.report({
          messageId: 'noCredentials',
          data: { msg: describe(sm), ref: describe(ref) },
          messageIndex: sm.index,
          path: `${c.path}/Data`,
          side: sm.direction,
        });
      }
    }
  },
});
export default rule;
