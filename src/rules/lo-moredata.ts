/**
 * A message carrying a chunk with MoreData does not end its package: no Final in it
 * (DM Protocol §7 and §6.2; docs/dm-facts.md §8.1–8.2).
 */
import { defineRule } from './util/define.js';
import { chunkedObjects } from './util/chunks.js';
import { describe, uri } from './util/session.js';

export const rule = defineRule({
  id: 'lo-moredata',
  section: '7',
  scr: ['DM-PRO-LO-C-003', 'DM-PRO-LO-S-003'],
  side: 'both',
  severity: 'error',
  description: 'A chunk with MoreData is not sent in a message that carries Final.',
  explanation:
    "Every chunk of a large object but the last carries MoreData (DM Protocol 1.2 §7); more chunks follow in the sender's next messages, so the package is not over: " +
    'the message carrying a MoreData chunk has no Final (§6.2; the server puts Final in every message except large-object chunks and next-message responses). ' +
    'With Final, the receiver treats the package as complete and never asks for the rest of the object.',
  messages: {
    moreDataWithFinal:
      '{{msg}} carries a chunk of {{name}} {{uri}} with MoreData and also Final; more chunks follow, so the package must not end here',
  },
  check(ctx) {
    for (const o of chunkedObjects(ctx.session)) {
      for (const ch of o.chunks) {
        if (!ch.item.moreData || !ch.sm.message.syncml?.final) continue;
        ctx.report({
          messageId: 'moreDataWithFinal',
          data: { msg: describe(ch.sm), name: ch.command.name, uri: uri(ch.item.target) ?? uri(ch.item.source) ?? '' },
          messageIndex: ch.sm.index,
          path: `${ch.item.path}/MoreData`,
          side: o.direction,
        });
      }
    }
  },
});
export default rule;
