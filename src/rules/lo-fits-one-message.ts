/** An object that fits in one message is sent in one, not chunked (DM Protocol §7; docs/dm-facts.md §8.2). */
import { defineRule } from './util/define.js';
import { chunkedObjects, receiverOf } from './util/chunks.js';
import { describe, latestHdrMeta, uri } from './util/session.js';

export const rule = defineRule({
  id: 'lo-fits-one-message',
  section: '7',
  scr: ['DM-PRO-LO-C-006', 'DM-PRO-LO-S-005'],
  side: 'both',
  severity: 'error',
  description: "An object small enough for one message (under the receiver's MaxMsgSize) is not split into chunks.",
  explanation:
    "Data that fits into a single message must be sent in a single message (DM Protocol 1.2 §7); chunking is for objects larger than the receiver's MaxMsgSize. " +
    "The check adds the object's declared Size to the first chunk's message without its data and " +
    'compares that with the MaxMsgSize the receiver announced; it is silent when the receiver announced ' +
    'none.',
  messages: {
    fitsOneMessage:
      'the large object {{name}} {{uri}} (Size {{declared}}) fits in one message ({{needed}} bytes ≤ MaxMsgSize {{value}} of the {{receiver}}) but {{msg}} splits it into chunks',
  },
  check(ctx) {
    for (const o of chunkedObjects(ctx.session)) {
      const first = o.chunks[0]!;
      const limit = latestHdrMeta(ctx.session, receiverOf(o), first.sm.index, 'maxMsgSize');
      if (!limit) continue;
      const declared =
        o.declaredSize !== undefined && /^\d+$/.test(o.declaredSize.trim()) ? Number(o.declaredSize.trim()) : undefined;
      if (declared === undefined) continue;
      const needed = first.sm.message.raw.length - first.bytes + declared;
      if (needed > limit.value) continue;
      ctx.report({
        messageId: 'fitsOneMessage',
        data: {
          name: first.command.name,
          uri: uri(first.item.target) ?? uri(first.item.source) ?? '',
          declared,
          needed,
          value: limit.value,
          receiver: receiverOf(o),
          msg: describe(first.sm),
        },
        messageIndex: first.sm.index,
        path: first.item.path,
        side: o.direction,
      });
    }
  },
});
export default rule;
