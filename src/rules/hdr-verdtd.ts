/** SyncHdr VerDTD is `1.2` in every DM 1.2 message (DM Protocol 8.3–8.6, item 1; dm-facts §3.2). */
import type { Rule } from './types.js';
import { defineRule } from './util/define.js';
import { describe, hdrPath, sml } from './util/session.js';

export const rule: Rule = defineRule({
  id: 'hdr-verdtd',
  section: '8.3',
  scr: ['DM-PRO-C-009', 'DM-PRO-S-001'],
  side: 'both',
  severity: 'error',
  description: 'SyncHdr VerDTD is 1.2.',
  explanation:
    'DM Protocol 1.2 §8.3 to §8.6 (item 1 of every package) require the SyncHdr of every message to carry VerDTD 1.2. ' +
    'A peer that sees another value may refuse the message (Status 505, DTD version not supported). ' +
    'A DM 1.1.2 implementation sends 1.1 with VerProto DM/1.1: such a session is not DM 1.2 and the other DM 1.2 rules may not apply to it.',
  check(ctx) {
    for (const sm of ctx.session.messages) {
      const hdr = sml(sm)?.hdr;
      if (!hdr) continue;
      const v = hdr.verDTD?.trim();
      if (v === '1.2') continue;
      ctx.report({
        message: v === undefined || v === '' ? `${describe(sm)} has no VerDTD in its SyncHdr; it must be 1.2` : `${describe(sm)} has VerDTD ${v}; DM 1.2 requires 1.2`,
        messageIndex: sm.index,
        path: hdrPath('VerDTD'),
        side: sm.direction,
      });
    }
  },
});
export default rule;
