/** No message is larger than the MaxMsgSize the receiver announced (SyncML MetInf MaxMsgSize; DM Protocol §6, §7; docs/dm-facts.md §8.2). */
import { defineRule } from './util/define.js';
import { describe, latestHdrMeta, peer } from './util/session.js';

export const rule = defineRule({
  id: 'max-msg-size',
  section: '6',
  scr: ['DM-PRO-C-003', 'DM-PRO-S-003'],
  side: 'both',
  severity: 'error',
  description: 'No message is larger than the MaxMsgSize the receiver announced.',
  explanation:
    'MaxMsgSize in the SyncHdr Meta is the largest message its sender can receive (SyncML MetInf; DM Protocol 1.2 §6 and §7). ' +
    'The other side must keep every message it sends within that size, splitting a package into several messages (§6) or a large object into chunks (§7). ' +
    'The size compared is the message body as sent (the XML text or WBXML bytes).',
  messages: {
    tooLarge: '{{msg}} is {{size}} bytes; the {{receiver}} announced MaxMsgSize {{value}} in {{fromMsg}}',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      const limit = latestHdrMeta(ctx.session, peer(sm.direction), sm.index, 'maxMsgSize');
      if (!limit) continue;
      const size = sm.message.raw.length;
      if (size <= limit.value) continue;
      ctx.report({
        messageId: 'tooLarge',
        data: {
          msg: describe(sm),
          size,
          receiver: peer(sm.direction),
          value: limit.value,
          fromMsg: describe(limit.from),
        },
        messageIndex: sm.index,
        side: sm.direction,
      });
    }
  },
});
export default rule;
