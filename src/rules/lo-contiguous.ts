/** Chunks of a large object come in consecutive messages of the sender with nothing in between (DM Protocol §7; docs/dm-facts.md §8.2). */
import { defineRule } from './util/define.js';
import { chunkedObjects } from './util/chunks.js';
import { describe, uri } from './util/session.js';

export const rule = defineRule({
  id: 'lo-contiguous',
  section: '7',
  scr: ['DM-PRO-LO-C-005', 'DM-PRO-LO-S-004'],
  side: 'both',
  severity: 'error',
  description:
    'The chunks of a large object follow each other in consecutive messages, with no other command or Item in between.',
  explanation:
    'Chunks of one object are sent in contiguous messages; no new data object, command (Add, Replace, Delete, Copy, Atomic, Sequence) or Item may come between them (DM Protocol 1.2 §7). ' +
    'A receiver that sees something else before the last chunk answers Alert 1225 (end of data not received) and does not commit the object; the sender then has to send it again from the start.',
  messages: {
    otherBetweenChunks:
      '{{msg}} sends {{other}} before the last chunk of the large object {{what}} ({{chunks}} chunk{{s}} sent so far); nothing may come between chunks',
    notContinued:
      "{{msg}} does not continue the large object {{what}} whose chunk {{chunk}} (in {{lastMsg}}) carried MoreData; the next chunk must come in the sender's next message",
  },
  check(ctx) {
    for (const o of chunkedObjects(ctx.session)) {
      const by = o.interruptedBy;
      if (!by) continue;
      const first = o.chunks[0]!;
      const what = `${first.command.name} ${uri(first.item.target) ?? uri(first.item.source) ?? ''}`.trim();
      const last = o.chunks[o.chunks.length - 1]!;
      if (by.command) {
        const other =
          `${by.command.name}${by.item ? ` ${uri(by.item.target) ?? uri(by.item.source) ?? ''}` : ''}`.trim();
        ctx.report({
          messageId: 'otherBetweenChunks',
          data: { msg: describe(by.sm), other, what, chunks: o.chunks.length, s: o.chunks.length > 1 ? 's' : '' },
          messageIndex: by.sm.index,
          path: by.item?.path ?? by.command.path,
          side: o.direction,
        });
      } else {
        ctx.report({
          messageId: 'notContinued',
          data: { msg: describe(by.sm), what, chunk: o.chunks.length, lastMsg: describe(last.sm) },
          messageIndex: by.sm.index,
          path: 'SyncBody',
          side: o.direction,
        });
      }
    }
  },
});
export default rule;
