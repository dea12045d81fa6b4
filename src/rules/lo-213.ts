/** The receiver answers every non-final chunk with 213 (DM Protocol §7; docs/dm-facts.md §8.2). */
import { defineRule } from './util/define.js';
import { chunkedObjects, receiverOf } from './util/chunks.js';
import { answersFor, describe, statusCode } from './util/session.js';

export const rule = defineRule({
  id: 'lo-213',
  section: '7',
  scr: ['DM-PRO-LO-C-001', 'DM-PRO-LO-S-001'],
  side: 'both',
  severity: 'error',
  description: 'Every chunk but the last is answered with Status 213 (chunked item accepted and buffered).',
  explanation:
    'The receiver of a large object answers each chunk that carries MoreData with Status 213, "chunked item accepted and buffered" (DM Protocol 1.2 §7), ' +
    'and asks for the next message with Alert 1222 when it has nothing else to send. The real status of the command comes only after the last chunk. ' +
    'Any other code for a non-final chunk tells the sender the object failed or was already committed.',
  messages: {
    not213:
      '{{answer}} answers the non-final chunk {{name}} (CmdID {{cmdId}}) of {{msg}} with {{code}}; a chunk with MoreData is answered 213',
  },
  check(ctx) {
    for (const o of chunkedObjects(ctx.session)) {
      for (const ch of o.chunks) {
        if (!ch.item.moreData) continue;
        const id = ch.command.cmdID?.trim();
        if (!id) continue;
        for (const a of answersFor(ctx.session, ch.sm, id)) {
          const code = statusCode(a.command);
          if (code === '213' || code === undefined) continue;
          ctx.report({
            messageId: 'not213',
            data: { answer: describe(a.message), name: ch.command.name, cmdId: id, msg: describe(ch.sm), code },
            messageIndex: a.message.index,
            path: `${a.command.path}/Data`,
            side: receiverOf(o),
          });
        }
      }
    }
  },
});
export default rule;
