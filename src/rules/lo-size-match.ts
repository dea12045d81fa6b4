/**
 * The reassembled object has the declared Size; on a mismatch the receiver answers 424
 * (DM Protocol §7; docs/dm-facts.md §8.2).
 */
import { defineRule } from './util/define.js';
import { carried, chunkedObjects, receiverOf } from './util/chunks.js';
import { answersFor, describe, statusCode, uri } from './util/session.js';

export const rule = defineRule({
  id: 'lo-size-match',
  section: '7',
  scr: ['DM-PRO-LO-C-010', 'DM-PRO-LO-S-009'],
  side: 'both',
  severity: 'error',
  description: 'A reassembled large object has the size its first chunk declared, and a mismatch is answered 424.',
  explanation:
    'After the last chunk the receiver reassembles the object and compares its size with the Meta Size of the first chunk (DM Protocol 1.2 §7). ' +
    'Size counts the data as carried in the message (for base64 in XML, the length of the base64 text). ' +
    'If they differ the receiver answers 424 (size mismatch) and does not commit the object; a sender ' +
    'whose chunks do not add up to its Size is at fault, and so is a receiver that accepts such an ' +
    'object or answers 424 to one that matches.',
  messages: {
    sizeMismatch:
      'the large object {{what}} declared Size {{declared}} in {{msg}} but its {{chunks}} chunks carry {{got}} bytes',
    not424:
      '{{answer}} answers the last chunk of {{what}} with {{code}}, but the object does not have its declared size; the answer is 424',
    needless424:
      '{{answer}} answers the last chunk of {{what}} with 424, but its chunks carry exactly the declared {{got}} bytes',
  },
  check(ctx) {
    for (const o of chunkedObjects(ctx.session)) {
      if (!o.complete || o.declaredSize === undefined) continue;
      const declared = /^\d+$/.test(o.declaredSize.trim()) ? Number(o.declaredSize.trim()) : undefined;
      const got = carried(o);
      const first = o.chunks[0]!;
      const last = o.chunks[o.chunks.length - 1]!;
      const what = `${first.command.name} ${uri(first.item.target) ?? uri(first.item.source) ?? ''}`.trim();
      const mismatch = declared === undefined || declared !== got;
      if (mismatch) {
        ctx.report({
          messageId: 'sizeMismatch',
          data: { what, declared: o.declaredSize.trim(), msg: describe(first.sm), chunks: o.chunks.length, got },
          messageIndex: last.sm.index,
          path: last.item.path,
          side: o.direction,
        });
      }
      const id = last.command.cmdID?.trim();
      if (!id) continue;
      for (const a of answersFor(ctx.session, last.sm, id)) {
        const code = statusCode(a.command);
        if (mismatch && code !== '424' && code !== undefined) {
          ctx.report({
            messageId: 'not424',
            data: { answer: describe(a.message), what, code },
            messageIndex: a.message.index,
            path: a.command.path,
            side: receiverOf(o),
          });
        } else if (!mismatch && code === '424') {
          ctx.report({
            messageId: 'needless424',
            data: { answer: describe(a.message), what, got },
            messageIndex: a.message.index,
            path: a.command.path,
            side: receiverOf(o),
          });
        }
      }
    }
  },
});
export default rule;
