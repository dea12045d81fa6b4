/** Cred is carried only in the SyncHdr; command-level Cred is not used in DM (DM RepPro 4.1.1.6; docs/dm-facts.md §3.2). */
import { defineRule } from './util/define.js';
import { describeCommand, walkCommands, sml } from './util/session.js';

export const rule = defineRule({
  id: 'cmd-level-cred',
  section: '9',
  scr: ['DM-PRO-C-009', 'DM-PRO-S-010'],
  side: 'both',
  severity: 'error',
  description: 'No Cred inside commands: DM carries credentials only in the SyncHdr.',
  explanation:
    'DM authenticates messages, not commands: Cred may appear in the SyncHdr (DM Protocol 1.2 §9, §8.3 item 1) and must not be used inside a command (DM RepPro 4.1.1.6). ' +
    'A peer ignores or refuses a command-level Cred, so the credentials it carries have no effect. Move them to the SyncHdr.',
  messages: {
    credInCommand: '{{cmd}} carries a Cred; DM carries credentials only in the SyncHdr',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      const s = sml(sm);
      if (!s) continue;
      for (const c of walkCommands(s.body)) {
        if (!c.cred) continue;
        ctx.report({
          messageId: 'credInCommand',
          data: { cmd: describeCommand(c, sm) },
          messageIndex: sm.index,
          path: `${c.path}/Cred`,
          side: sm.direction,
        });
      }
    }
  },
});
export default rule;
