/** CmdIDs are unique within a message; CmdID 0 is the SyncHdr's (SyncML RepPro 5.1; docs/dm-facts.md §3.5). */
import { defineRule } from './util/define.js';
import { describe, walkCommands, sml } from './util/session.js';

export const rule = defineRule({
  id: 'cmdid-unique',
  section: '8.4',
  scr: ['DM-PRO-C-009', 'DM-PRO-S-006'],
  side: 'both',
  severity: 'error',
  description: 'CmdIDs are unique within a message and not 0.',
  explanation:
    'A CmdID identifies a command within its message (SyncML RepPro; DM Protocol 1.2 §8): Status and ' +
    'Results name the command by MsgRef and CmdRef, so two commands with the same CmdID cannot be told ' +
    'apart. ' +
    'CmdIDs need not start at 1 nor be consecutive. CmdRef 0 stands for the SyncHdr, so a command with CmdID 0 is reported as a warning.',
  messages: {
    duplicateCmdId:
      '{{msg}} uses CmdID {{cmdId}} twice ({{first}} and {{cmdName}}); CmdIDs must be unique within a message',
    cmdIdZero: 'a {{cmdName}} in {{msg}} has CmdID 0, which CmdRef uses for the SyncHdr',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      const s = sml(sm);
      if (!s) continue;
      const seen = new Map<string, string>();
      for (const c of walkCommands(s.body)) {
        const id = c.cmdID?.trim();
        if (!id) continue;
        const first = seen.get(id);
        if (first !== undefined) {
          ctx.report({
            messageId: 'duplicateCmdId',
            data: { msg: describe(sm), cmdId: id, first, cmdName: c.name },
            messageIndex: sm.index,
            path: c.path,
            side: sm.direction,
          });
          continue;
        }
        seen.set(id, c.name);
        if (id === '0') {
          ctx.report({
            messageId: 'cmdIdZero',
            data: { cmdName: c.name, msg: describe(sm) },
            messageIndex: sm.index,
            path: c.path,
            side: sm.direction,
            severity: 'warning',
          });
        }
      }
    }
  },
});
export default rule;
