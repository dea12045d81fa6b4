/**
 * An HMAC-authenticated message is answered with 200 (not 212) on its SyncHdr, with a Chal
 * carrying the NextNonce, in every response (DM Protocol §9; DM Security §5.5; docs/dm-facts.md §6.2).
 */
import { defineRule } from './util/define.js';
import { describe } from './util/session.js';
import { hmacHeaderOf, verdictFor } from './util/auth.js';

export const rule = defineRule({
  id: 'hmac-status-200',
  section: '9',
  scr: ['DM-PRO-S-010', 'DM-PRO-C-009'],
  side: 'both',
  severity: 'error',
  description: 'A message authenticated with x-syncml-hmac is answered 200, not 212, with a NextNonce in the Chal.',
  explanation:
    'HMAC authenticates each message, not the session: the SyncHdr Status for an HMAC-authenticated message MUST be 200 (not 212), and a NextNonce MUST be sent in each response, ' +
    'since every message needs a new nonce (DM Protocol 1.2 §9, DM Security §5.5). A 212 would tell the ' +
    'sender it may stop sending the header; a response without NextNonce leaves it without a nonce for ' +
    'the next message.',
  messages: {
    answered212: '{{answer}} answers the HMAC-authenticated {{msg}} with 212; HMAC messages are answered 200',
    noNextNonce:
      '{{answer}} answers the HMAC-authenticated {{msg}} without a NextNonce; every response to an HMAC message carries a Chal with the next nonce',
  },
  check(ctx) {
    const session = ctx.session;
    for (const sm of session.messages) {
      if (hmacHeaderOf(sm) === undefined) continue;
      const v = verdictFor(session, sm);
      if (!v) continue;
      if (v.code === '212') {
        ctx.report({
          messageId: 'answered212',
          data: { answer: describe(v.message), msg: describe(sm) },
          messageIndex: v.message.index,
          path: `${v.status.path}/Data`,
          side: v.message.direction,
        });
      }
      if ((v.code === '200' || v.code === '212') && !v.status.chal?.meta?.nextNonce?.trim()) {
        ctx.report({
          messageId: 'noNextNonce',
          data: { answer: describe(v.message), msg: describe(sm) },
          messageIndex: v.message.index,
          path: v.status.path,
          side: v.message.direction,
        });
      }
    }
  },
});
export default rule;
