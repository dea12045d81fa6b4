/** VerDTD and VerProto stay the same through the session (SyncML RepPro 5; DM Protocol 8.3–8.6 item 1). */
import { defineRule } from './util/define.js';
import { describe, hdrPath, sml } from './util/session.js';

export const rule = defineRule({
  id: 'verdtd-verproto-constant',
  section: '8.3',
  scr: ['DM-PRO-C-009', 'DM-PRO-S-001'],
  side: 'both',
  perPackage: true,
  severity: 'error',
  description: 'VerDTD and VerProto do not change during the session.',
  explanation:
    'A session speaks one protocol version: every message of both sides carries the same VerDTD and VerProto (DM Protocol 1.2 §8.3 to §8.6, item 1). ' +
    'A change in the middle of a session usually means two header templates in one implementation, or two sessions mixed into one.',
  messages: {
    versionChanged:
      '{{msg}} has {{field}} {{value}}, but message {{firstAt}} of the session had {{firstValue}}; it must not change within a session',
  },
  check(ctx) {
    const first: { verDTD?: { v: string; i: number }; verProto?: { v: string; i: number } } = {};
    for (const sm of ctx.session.messages) {
      const hdr = sml(sm)?.hdr;
      if (!hdr) continue;
      for (const [key, field] of [
        ['verDTD', 'VerDTD'],
        ['verProto', 'VerProto'],
      ] as const) {
        const v = hdr[key]?.trim();
        if (!v) continue;
        const f = first[key];
        if (!f) first[key] = { v, i: sm.index };
        else if (f.v !== v) {
          ctx.report({
            messageId: 'versionChanged',
            data: { msg: describe(sm), field, value: v, firstAt: f.i + 1, firstValue: f.v },
            messageIndex: sm.index,
            path: hdrPath(field),
            side: sm.direction,
          });
        }
      }
    }
  },
});
export default rule;
