/** Meta Size is in the first chunk of a large object, and only there (DM Protocol §7; docs/dm-facts.md §8.2). */
import { defineRule } from './util/define.js';
import { chunkedObjects, sizeOf } from './util/chunks.js';
import { describe, uri } from './util/session.js';

export const rule = defineRule({
  id: 'lo-size-first-chunk',
  section: '7',
  scr: ['DM-PRO-LO-C-009', 'DM-PRO-LO-S-008'],
  side: 'both',
  severity: 'error',
  description: 'The first chunk of a large object carries Meta Size; later chunks do not.',
  explanation:
    'The first chunk of a large object carries the total size of the object in Meta Size, and only the first (DM Protocol 1.2 §7). ' +
    'The receiver uses it to allocate and to check the reassembled object (424 on a mismatch). Without it the object cannot be checked; ' +
    'a Size repeated in a later chunk is refused by some receivers (the Android DM engine answers 400).',
  messages: {
    noSize: 'the first chunk of the large object {{what}} in {{msg}} has no Meta Size',
    sizeRepeated:
      'chunk {{chunk}} of the large object {{what}} in {{msg}} repeats Meta Size; only the first chunk carries it',
  },
  check(ctx) {
    for (const o of chunkedObjects(ctx.session)) {
      const first = o.chunks[0]!;
      const what = `${first.command.name} ${uri(first.item.target) ?? uri(first.item.source) ?? ''}`.trim();
      if (o.declaredSize === undefined) {
        ctx.report({
          messageId: 'noSize',
          data: { what, msg: describe(first.sm) },
          messageIndex: first.sm.index,
          path: first.item.path,
          side: o.direction,
        });
      }
      o.chunks.slice(1).forEach((ch, i) => {
        if (sizeOf(ch.command, ch.item) === undefined) return;
        ctx.report({
          messageId: 'sizeRepeated',
          data: { chunk: i + 2, what, msg: describe(ch.sm) },
          messageIndex: ch.sm.index,
          path: ch.item.path,
          side: o.direction,
        });
      });
    }
  },
});
export default rule;
