/** Nothing larger than the peer's MaxObjSize is sent (DM Protocol §7; docs/dm-facts.md §8.2). */
import { defineRule } from './util/define.js';
import { chunkedObjects, dataSize } from './util/chunks.js';
import { commandsOf, describe, latestHdrMeta, peer, uri } from './util/session.js';

export const rule = defineRule({
  id: 'max-obj-size',
  section: '7',
  scr: ['DM-PRO-LO-C-008', 'DM-PRO-LO-S-007'],
  side: 'both',
  severity: 'error',
  description: 'No object larger than the MaxObjSize the receiver announced is sent.',
  explanation:
    'A side may announce in its SyncHdr Meta the largest object it can take, MaxObjSize; the other side must then never send a larger object, chunked or not (DM Protocol 1.2 §7). ' +
    'The limit holds for the rest of the session until a new value arrives. A chunked object is measured by its declared Size (else the bytes carried), a plain Item by its Data.',
  messages: {
    objectTooLarge:
      '{{msg}} sends the object {{name}} {{uri}} of {{declared}} bytes; the {{receiver}} announced MaxObjSize {{value}}',
    dataTooLarge:
      '{{msg}} sends {{cmdName}} {{uri}} with {{n}} bytes of data; the {{receiver}} announced MaxObjSize {{value}}',
  },
  check(ctx) {
    const session = ctx.session;
    const chunked = new Set<unknown>();
    for (const o of chunkedObjects(session)) {
      const first = o.chunks[0]!;
      for (const ch of o.chunks) chunked.add(ch.item);
      const limit = latestHdrMeta(session, peer(o.direction), first.sm.index, 'maxObjSize');
      if (!limit) continue;
      const declared =
        o.declaredSize !== undefined && /^\d+$/.test(o.declaredSize.trim())
          ? Number(o.declaredSize.trim())
          : o.chunks.reduce((n, c) => n + c.bytes, 0);
      if (declared <= limit.value) continue;
      ctx.report({
        messageId: 'objectTooLarge',
        data: {
          msg: describe(first.sm),
          name: first.command.name,
          uri: uri(first.item.target) ?? uri(first.item.source) ?? '',
          declared,
          receiver: peer(o.direction),
          value: limit.value,
        },
        messageIndex: first.sm.index,
        path: first.item.path,
        side: o.direction,
      });
    }
    for (const sm of session.messages) {
      const limit = latestHdrMeta(session, peer(sm.direction), sm.index, 'maxObjSize');
      if (!limit) continue;
      for (const c of commandsOf(sm)) {
        for (const it of c.items) {
          if (chunked.has(it)) continue;
          const n = dataSize(it);
          if (n <= limit.value) continue;
          ctx.report({
            messageId: 'dataTooLarge',
            data: {
              msg: describe(sm),
              cmdName: c.name,
              uri: uri(it.target) ?? uri(it.source) ?? '',
              n,
              receiver: peer(sm.direction),
              value: limit.value,
            },
            messageIndex: sm.index,
            path: it.path,
            side: sm.direction,
          });
        }
      }
    }
  },
});
export default rule;
