/** MsgID is present and identifies the message within the session, per sender (DM Protocol 8.3–8.6 item 1; docs/dm-facts.md §3.2). */
import { defineRule } from './util/define.js';
import { describe, hdrPath, sml } from './util/session.js';

export const rule = defineRule({
  id: 'hdr-msgid',
  section: '8.3',
  scr: ['DM-PRO-C-009', 'DM-PRO-S-001'],
  side: 'both',
  perPackage: true,
  severity: 'error',
  description: 'MsgID is present, unique and increasing per sender within the session.',
  explanation:
    'Every SyncHdr carries a MsgID that identifies the message unambiguously within the session for its sender (DM Protocol 1.2 §8.3 to §8.6). ' +
    "Each side numbers its own messages; the peer's Status and Results point back with MsgRef, so a repeated MsgID makes those references ambiguous. " +
    'Implementations number from 1 and add 1 per message; a MsgID lower than an earlier one of the same sender is reported as a warning.',
  messages: {
    noMsgId: '{{msg}} has no MsgID in its SyncHdr',
    msgIdTwice:
      'the {{side}} sent MsgID {{msgId}} twice in this session (messages {{first}} and {{second}}); MsgRef can no longer tell them apart',
    msgIdDecreases: "{{msg}} comes after the {{side}}'s MsgID {{before}}; MsgIDs should increase",
  },
  check(ctx) {
    const seen = { client: new Map<string, number>(), server: new Map<string, number>() };
    const last = { client: undefined as number | undefined, server: undefined as number | undefined };
    for (const sm of ctx.session.messages) {
      const hdr = sml(sm)?.hdr;
      if (!hdr) continue;
      const v = hdr.msgID?.trim();
      if (v === undefined || v === '') {
        ctx.report({
          messageId: 'noMsgId',
          data: { msg: describe(sm) },
          messageIndex: sm.index,
          path: hdrPath('MsgID'),
          side: sm.direction,
        });
        continue;
      }
      const prev = seen[sm.direction].get(v);
      if (prev !== undefined) {
        ctx.report({
          messageId: 'msgIdTwice',
          data: { side: sm.direction, msgId: v, first: prev + 1, second: sm.index + 1 },
          messageIndex: sm.index,
          path: hdrPath('MsgID'),
          side: sm.direction,
        });
        continue;
      }
      seen[sm.direction].set(v, sm.index);
      const num = /^\d+$/.test(v) ? Number(v) : undefined;
      const before = last[sm.direction];
      if (num !== undefined && before !== undefined && num < before) {
        ctx.report({
          messageId: 'msgIdDecreases',
          data: { msg: describe(sm), side: sm.direction, before },
          messageIndex: sm.index,
          path: hdrPath('MsgID'),
          side: sm.direction,
          severity: 'warning',
        });
      }
      if (num !== undefined) last[sm.direction] = num;
    }
  },
});
export default rule;
