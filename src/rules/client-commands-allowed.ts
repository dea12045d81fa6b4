/**
 * The client sends only Status, Results, Alert and the DevInfo Replace of Package 1
 * (DM Protocol 8.3, 8.5; DM RepPro 6.5 command table; docs/dm-facts.md §3.3).
 */
import { defineRule } from './util/define.js';
import { commandsOf, describe, messagesOf, sml, uri } from './util/session.js';

const ALLOWED = ['Status', 'Results', 'Alert'] as const;

export const rule = defineRule({
  id: 'client-commands-allowed',
  section: '8.5',
  scr: ['DM-PRO-C-009'],
  side: 'client',
  severity: 'error',
  description: 'The client sends only Status, Results, Alert and, in Package 1, the Replace of ./DevInfo.',
  explanation:
    'A DM client manages nothing on the server: it sends Status, Results and Alert commands, and the Replace carrying ./DevInfo in Package 1 (DM Protocol 1.2 §8.3, §8.5; DM RepPro command tables). ' +
    'Any other command (Get, Add, Exec, Atomic, a Replace of another tree) is not defined for the client to send and a server will refuse it.',
  messages: {
    replaceOutsidePkg1:
      '{{msg}} sends a Replace (CmdID {{cmdId}}); the client sends Replace only for ./DevInfo in Package 1',
    replaceNotDevInfo:
      "the Replace (CmdID {{cmdId}}) in {{msg}} writes {{uris}}; the client's Replace carries only ./DevInfo",
    commandNotAllowed:
      '{{msg}} sends a {{cmdName}} (CmdID {{cmdId}}); a DM client sends only Status, Results, Alert and the DevInfo Replace',
  },
  check(ctx) {
    for (const sm of messagesOf(ctx.session, 'client')) {
      if (!sml(sm)) continue;
      for (const c of commandsOf(sm)) {
        if ((ALLOWED as readonly string[]).includes(c.name)) continue;
        if (c.name === 'Replace') {
          const nonDevInfo = c.items
            .map((it) => uri(it.source) ?? uri(it.target))
            .filter((u) => u !== undefined && !/^(\.\/)?DevInfo(\/|$)/.test(u));
          if (sm.package === 1 && nonDevInfo.length === 0) continue;
          const data = { msg: describe(sm), cmdId: c.cmdID?.trim() ?? '?' };
          if (sm.package !== 1)
            ctx.report({ messageId: 'replaceOutsidePkg1', data, messageIndex: sm.index, path: c.path });
          else
            ctx.report({
              messageId: 'replaceNotDevInfo',
              data: { ...data, uris: nonDevInfo.join(', ') },
              messageIndex: sm.index,
              path: c.path,
            });
          continue;
        }
        ctx.report({
          messageId: 'commandNotAllowed',
          data: { msg: describe(sm), cmdName: c.name, cmdId: c.cmdID?.trim() ?? '?' },
          messageIndex: sm.index,
          path: c.path,
        });
      }
    }
  },
});
export default rule;
