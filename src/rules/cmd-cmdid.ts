/** Every command carries a CmdID (DM Protocol 8.3–8.6; SyncML RepPro: CmdID is required in every command). */
import { defineRule } from './util/define.js';
import { describe, walkCommands, sml } from './util/session.js';

export const rule = defineRule({
  id: 'cmd-cmdid',
  section: '8.4',
  scr: ['DM-PRO-C-009', 'DM-PRO-S-006', 'DM-PRO-Session-S-002'],
  side: 'both',
  severity: 'error',
  description: 'Every command, Status and Results included, has a CmdID.',
  explanation:
    'Every command in the SyncBody carries a CmdID (DM Protocol 1.2 §8.4: "every management or user-interaction command ... with a CmdID"; SyncML RepPro, CmdID is required in every command). ' +
    "The peer's Status points back at it with CmdRef; a command without one cannot be answered (Windows answers 400 with an empty CmdRef).",
  messages: {
    noCmdId: 'a {{cmdName}} in {{msg}} has no CmdID',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      const s = sml(sm);
      if (!s) continue;
      for (const c of walkCommands(s.body)) {
        if (c.cmdID?.trim()) continue;
        ctx.report({
          messageId: 'noCmdId',
          data: { cmdName: c.name, msg: describe(sm) },
          messageIndex: sm.index,
          path: c.path,
          side: sm.direction,
        });
      }
    }
  },
});
export default rule;
