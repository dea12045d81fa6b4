/**
 * Exactly one Status per command: a second Status for the same command is allowed only when each
 * answers different Items (distinct TargetRef/SourceRef) (SyncML RepPro 5; DM Protocol 8.4–8.6; docs/dm-facts.md §3.5).
 */
import { defineRule } from './util/define.js';
import type { Command } from '../syncml/types.js';
import { commandsOf, describe, referencedMessage, sml } from './util/session.js';

function itemKey(c: Command): string {
  return [...c.targetRef.map((t) => `T:${t.trim()}`), ...c.sourceRef.map((s) => `S:${s.trim()}`)].sort().join('|');
}

export const rule = defineRule({
  id: 'status-one-per-command',
  section: '8.5',
  scr: ['DM-PRO-C-009', 'DM-PRO-S-008'],
  side: 'both',
  severity: 'error',
  description: 'A command gets one Status (one per Item when the statuses name their Items with TargetRef/SourceRef).',
  explanation:
    'Each command that needs a Status gets exactly one (DM Protocol 1.2 §8.4 to §8.6; §9: "one Status for every command received"). ' +
    'SyncML allows several statuses for one command when they answer different Items, each naming its Item with TargetRef or SourceRef (libdmclient answers a two-Item Get so); ' +
    'two statuses for the same command and the same Items contradict each other, and the peer cannot tell which one holds.',
  messages: {
    statusAgain: '{{msg}} answers {{what}} of MsgRef {{msgRef}} again (Status {{code}}{{earlier}}); {{rule}}',
  },
  check(ctx) {
    const session = ctx.session;
    // key: referenced message index / CmdRef → statuses
    const groups = new Map<string, Array<{ sm: (typeof session.messages)[number]; c: Command }>>();
    for (const sm of session.messages) {
      if (!sml(sm)) continue;
      for (const c of commandsOf(sm)) {
        if (c.name !== 'Status') continue;
        const ref = referencedMessage(session, sm, c.msgRef);
        const cmdRef = c.cmdRef?.trim() ?? (c.cmd?.trim() === 'SyncHdr' ? '0' : undefined);
        if (!ref || cmdRef === undefined) continue;
        const key = `${ref.index}/${cmdRef}`;
        const g = groups.get(key) ?? [];
        g.push({ sm, c });
        groups.set(key, g);
      }
    }
    for (const g of groups.values()) {
      if (g.length < 2) continue;
      const seen = new Set<string>();
      for (const { sm, c } of g) {
        const k = itemKey(c);
        const duplicate = seen.has(k) || (k === '' && seen.size > 0) || (k !== '' && seen.has(''));
        seen.add(k);
        if (!duplicate) continue;
        const cmdRef = c.cmdRef?.trim() ?? '0';
        const first = g[0]!;
        ctx.report({
          messageId: 'statusAgain',
          data: {
            msg: describe(sm),
            what: cmdRef === '0' ? 'the SyncHdr' : `CmdRef ${cmdRef}`,
            msgRef: c.msgRef?.trim() ?? '?',
            code: c.data?.trim() ?? '?',
            earlier:
              first.c !== c
                ? `, after Status ${first.c.data?.trim() ?? '?'} in CmdID ${first.c.cmdID?.trim() ?? '?'}`
                : '',
            rule:
              cmdRef === '0'
                ? 'a SyncHdr gets one Status'
                : k === ''
                  ? 'a command gets one Status'
                  : 'a command gets one Status per Item',
          },
          messageIndex: sm.index,
          path: c.path,
          side: sm.direction,
        });
      }
    }
  },
});
export default rule;
