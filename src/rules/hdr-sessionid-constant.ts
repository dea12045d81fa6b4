/** SessionID is present and the same in every message of the session (DM Protocol 8.3–8.6 item 1; docs/dm-facts.md §3.2). */
import { defineRule } from './util/define.js';
import { describe, hdrPath, sml } from './util/session.js';

export const rule = defineRule({
  id: 'hdr-sessionid-constant',
  section: '8.3',
  scr: ['DM-PRO-C-009', 'DM-PRO-S-001'],
  side: 'both',
  perPackage: true,
  severity: 'error',
  description: 'SessionID is present and the same in every message of the session.',
  explanation:
    'DM Protocol 1.2 §8.3 to §8.6 (item 1 of every package) require a SessionID in every SyncHdr, with the same value for the whole session ' +
    '(also across an authentication retry, §9). The SessionID is compared as sent: `0001` and `1` are different values. ' +
    "A peer that changes it starts, in the other side's eyes, a different session.",
  messages: {
    noSessionId: '{{msg}} has no SessionID in its SyncHdr',
    sessionIdChanged:
      '{{msg}} has SessionID {{sessionId}}, but the session started with SessionID {{firstSessionId}} (message {{firstAt}}); it must stay the same',
  },
  check(ctx) {
    let first: { value: string; index: number } | undefined;
    let previous: string | undefined;
    for (const sm of ctx.session.messages) {
      const hdr = sml(sm)?.hdr;
      if (!hdr) continue;
      const v = hdr.sessionID?.trim();
      if (v === undefined || v === '') {
        ctx.report({
          messageId: 'noSessionId',
          data: { msg: describe(sm) },
          messageIndex: sm.index,
          path: hdrPath('SessionID'),
          side: sm.direction,
        });
        continue;
      }
      const prev = previous;
      previous = v;
      if (!first) first = { value: v, index: sm.index };
      // Reported where it changed: a peer that goes on with (or echoes) the changed value is not reported again.
      else if (v !== first.value && v !== prev) {
        ctx.report({
          messageId: 'sessionIdChanged',
          data: { msg: describe(sm), sessionId: v, firstSessionId: first.value, firstAt: first.index + 1 },
          messageIndex: sm.index,
          path: hdrPath('SessionID'),
          side: sm.direction,
        });
      }
    }
  },
});
export default rule;
