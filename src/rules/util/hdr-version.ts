/**
 * The check shared by hdr-verdtd and hdr-verproto: a SyncHdr version element must hold one value
 * in every DM 1.2 message (DM Protocol 8.3–8.6, item 1; docs/dm-facts.md §3.2).
 */
import type { SessionMessage } from '../../session/types.js';
import type { SyncHdr } from '../../syncml/types.js';
import type { RuleContext } from '../types.js';
import { describe, hdrPath, sml } from './session.js';

/** The messages of hdr-verdtd and hdr-verproto. */
export const hdrVersionMessages = {
  missing: '{{msg}} has no {{field}} in its SyncHdr{{more}}; it must be {{expected}}',
  wrongValue: '{{msg}} has {{field}} {{value}}{{more}}; DM 1.2 requires {{expected}}',
} as const;

/**
 * A rule's `check`: element `name` (read by `value`) of each message's SyncHdr must be `expected`.
 * One finding per side and value, at its first message (a DM 1.1 session would otherwise repeat it
 * on every message), counting the other messages of that side with that value.
 */
export function hdrVersionCheck(
  name: 'VerDTD' | 'VerProto',
  value: (hdr: SyncHdr) => string | undefined,
  expected: string,
): (ctx: RuleContext<typeof hdrVersionMessages>) => void {
  return (ctx) => {
    const groups = new Map<string, { first: SessionMessage; count: number; value: string | undefined }>();
    for (const sm of ctx.session.messages) {
      const hdr = sml(sm)?.hdr;
      if (!hdr) continue;
      const v = value(hdr)?.trim() || undefined;
      if (v === expected) continue;
      const k = `${sm.direction} ${v ?? ''}`;
      const g = groups.get(k);
      if (g) g.count++;
      else groups.set(k, { first: sm, count: 1, value: v });
    }
    for (const { first: sm, count, value: v } of groups.values()) {
      const more =
        count > 1 ? ` (and ${count - 1} more ${sm.direction} message${count > 2 ? 's' : ''} of the session)` : '';
      const place = { messageIndex: sm.index, path: hdrPath(name), side: sm.direction };
      const data = { msg: describe(sm), field: name, more, expected };
      if (v === undefined) ctx.report({ messageId: 'missing', data, ...place });
      else ctx.report({ messageId: 'wrongValue', data: { ...data, value: v }, ...place });
    }
  };
}
