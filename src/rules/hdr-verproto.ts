/** SyncHdr VerProto is `DM/1.2` in every DM 1.2 message (DM Protocol 8.3–8.6, item 1; dm-facts §3.2). */
import type { Rule } from './types.js';
import type { SessionMessage } from '../session/types.js';
import { defineRule } from './util/define.js';
import { describe, hdrPath, sml } from './util/session.js';

export const rule: Rule = defineRule({
  id: 'hdr-verproto',
  section: '8.3',
  scr: ['DM-PRO-C-009', 'DM-PRO-S-001'],
  side: 'both',
  severity: 'error',
  description: 'SyncHdr VerProto is DM/1.2.',
  explanation:
    'DM Protocol 1.2 §8.3 to §8.6 (item 1 of every package) require VerProto DM/1.2 in the SyncHdr of every message. ' +
    'The value names the protocol the message follows; a peer that does not support it answers 513 (protocol version not supported). ' +
    'Check the value the implementation writes into its header template.',
  check(ctx) {
    // One finding per side and value, at its first message: a DM 1.1 session would otherwise repeat it on every message.
    const groups = new Map<string, { first: SessionMessage; count: number; value: string | undefined }>();
    for (const sm of ctx.session.messages) {
      const hdr = sml(sm)?.hdr;
      if (!hdr) continue;
      const v = hdr.verProto?.trim() || undefined;
      if (v === 'DM/1.2') continue;
      const k = `${sm.direction} ${v ?? ''}`;
      const g = groups.get(k);
      if (g) g.count++;
      else groups.set(k, { first: sm, count: 1, value: v });
    }
    for (const { first: sm, count, value: v } of groups.values()) {
      const more = count > 1 ? ` (and ${count - 1} more ${sm.direction} message${count > 2 ? 's' : ''} of the session)` : '';
      ctx.report({
        message: v === undefined ? `${describe(sm)} has no VerProto in its SyncHdr${more}; it must be DM/1.2` : `${describe(sm)} has VerProto ${v}${more}; DM 1.2 requires DM/1.2`,
        messageIndex: sm.index,
        path: hdrPath('VerProto'),
        side: sm.direction,
      });
    }
  },
});
export default rule;
