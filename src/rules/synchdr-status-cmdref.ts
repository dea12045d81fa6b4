/**
 * The SyncHdr Status carries CmdRef 0 (SyncML RepPro; docs/dm-facts.md §3.5). Field reality D8: hostap and
 * one spec example omit it, so a missing CmdRef is a warning; another value is an error.
 */
import { defineRule } from './util/define.js';
import { commandsOf, describe, sml } from './util/session.js';

export const rule = defineRule({
  id: 'synchdr-status-cmdref',
  section: '8.4',
  scr: ['DM-PRO-C-009', 'DM-PRO-S-008'],
  side: 'both',
  severity: 'warning',
  description: 'The Status for a SyncHdr carries CmdRef 0.',
  explanation:
    'A Status for a SyncHdr has Cmd SyncHdr and CmdRef 0 (SyncML RepPro; DM Protocol 1.2 §8.4 to §8.6). ' +
    "Real implementations leave CmdRef out (hostap always does, and the spec's own example 2.6.2.3 once does; docs/dm-facts.md §10 D8), and peers cope, so a missing CmdRef is a warning. " +
    'A CmdRef other than 0 on a SyncHdr Status points at a command instead of the header and is an error.',
  messages: {
    noCmdRef: 'the SyncHdr Status (CmdID {{cmdId}}) in {{msg}} has no CmdRef; it should be 0',
    cmdRefNotZero: 'the SyncHdr Status (CmdID {{cmdId}}) in {{msg}} has CmdRef {{ref}}; a SyncHdr Status has CmdRef 0',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      if (!sml(sm)) continue;
      for (const c of commandsOf(sm)) {
        if (c.name !== 'Status' || c.cmd?.trim() !== 'SyncHdr') continue;
        const ref = c.cmdRef?.trim();
        if (ref === '0') continue;
        if (ref === undefined || ref === '') {
          ctx.report({
            messageId: 'noCmdRef',
            data: { cmdId: c.cmdID?.trim() ?? '?', msg: describe(sm) },
            messageIndex: sm.index,
            path: c.path,
            side: sm.direction,
          });
        } else {
          ctx.report({
            messageId: 'cmdRefNotZero',
            data: { cmdId: c.cmdID?.trim() ?? '?', msg: describe(sm), ref },
            messageIndex: sm.index,
            path: `${c.path}/CmdRef`,
            side: sm.direction,
            severity: 'error',
          });
        }
      }
    }
  },
});
export default rule;
