/**
 * A message that refuses the peer's authentication (401/407 on its SyncHdr) holds only Status
 * commands (DM Protocol §9; docs/dm-facts.md §6.2).
 */
import { defineRule } from './util/define.js';
import { commandsOf, describe, isHdrStatus, sml, statusCode } from './util/session.js';

export const rule = defineRule({
  id: 'auth-failure-response',
  section: '9',
  scr: ['DM-PRO-S-010', 'DM-PRO-C-009'],
  side: 'both',
  severity: 'error',
  description: "A message answering the peer's SyncHdr with 401 or 407 holds only Status commands.",
  explanation:
    'On an authentication failure the response indicating it contains only Status commands, one for every command received — no Replace, Get, Alert or Results (DM Protocol 1.2 §9). ' +
    'The peer has not been authenticated, so nothing may be executed for it or asked of it until it retries with proper credentials.',
  messages: {
    commandInFailure:
      "{{msg}} refuses the {{peer}}'s authentication ({{code}}) and also sends {{cmdName}} (CmdID {{cmdId}}); an authentication-failure response holds only Status",
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      if (!sml(sm)) continue;
      const cmds = commandsOf(sm);
      const failure = cmds.find((c) => isHdrStatus(c) && ['401', '407'].includes(statusCode(c) ?? ''));
      if (!failure) continue;
      for (const c of sml(sm)!.body) {
        if (c.name === 'Status') continue;
        ctx.report({
          messageId: 'commandInFailure',
          data: {
            msg: describe(sm),
            peer: sm.direction === 'client' ? 'server' : 'client',
            code: statusCode(failure) ?? '',
            cmdName: c.name === 'Alert' ? `Alert ${c.data?.trim() ?? ''}`.trim() : c.name,
            cmdId: c.cmdID?.trim() ?? '?',
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
