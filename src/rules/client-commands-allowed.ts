/**
 * The client sends only Status, Results, Alert and the DevInfo Replace of Package 1
 * (DM Protocol 8.3, 8.5; DM RepPro 6.5 command table; docs/dm-facts.md §3.3).
 */
import type { Rule } from './types.js';
import { commandsOf, describe, messagesOf, sml, uri } from './util/session.js';

const ALLOWED = ['Status', 'Results', 'Alert'] as const;

export const rule: Rule = {
  id: 'client-commands-allowed',
  section: '8.5',
  scr: ['DM-PRO-C-009'],
  side: 'client',
  severity: 'error',
  description: 'The client sends only Status, Results, Alert and, in Package 1, the Replace of ./DevInfo.',
  explanation:
    'A DM client manages nothing on the server: it sends Status, Results and Alert commands, and the Replace carrying ./DevInfo in Package 1 (DM Protocol 1.2 §8.3, §8.5; DM RepPro command tables). ' +
    'Any other command (Get, Add, Exec, Atomic, a Replace of another tree) is not defined for the client to send and a server will refuse it.',
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
          ctx.report({
            message:
              sm.package !== 1
                ? `${describe(sm)} sends a Replace (CmdID ${c.cmdID?.trim() ?? '?'}); the client sends Replace only for ./DevInfo in Package 1`
                : `the Replace (CmdID ${c.cmdID?.trim() ?? '?'}) in ${describe(sm)} writes ${nonDevInfo.join(', ')}; the client's Replace carries only ./DevInfo`,
            messageIndex: sm.index,
            path: c.path,
          });
          continue;
        }
        ctx.report({
          message: `${describe(sm)} sends a ${c.name} (CmdID ${c.cmdID?.trim() ?? '?'}); a DM client sends only Status, Results, Alert and the DevInfo Replace`,
          messageIndex: sm.index,
          path: c.path,
        });
      }
    }
  },
};
export default rule;
