/**
 * Status and Results point at something that exists: MsgRef names a peer message of the session,
 * CmdRef a command in it (or 0 for its SyncHdr), and Cmd that command's name (SyncML RepPro 5; docs/dm-facts.md §3.5).
 */
import { defineRule } from './util/define.js';
import { commandById, commandsOf, describe, isHdrStatus, referencedMessage, sml } from './util/session.js';

export const rule = defineRule({
  id: 'msgref-cmdref-valid',
  section: '8.5',
  scr: ['DM-PRO-C-009', 'DM-PRO-S-008'],
  side: 'both',
  severity: 'error',
  description: 'MsgRef and CmdRef of every Status and Results point at a command that exists; Cmd names it.',
  explanation:
    'A Status or Results names what it answers: MsgRef is the MsgID of the peer message that held the ' +
    'command, CmdRef its CmdID (0 for the SyncHdr) and, in a Status, Cmd its element name (SyncML ' +
    'RepPro; DM Protocol 1.2 §8.4 to §8.6). ' +
    'A reference to a message or command that was never sent, or a Cmd that does not match, leaves the peer unable to relate the answer to its request. ' +
    'References to messages before the start of the trace are not checked.',
  messages: {
    noMsgRef: '{{label}} has no MsgRef',
    unknownMsgRef: '{{label}} has MsgRef {{msgRef}}, but the {{peer}} sent no message with that MsgID before it',
    noCmdRef: '{{label}} has no CmdRef',
    cmdRef0NotSyncHdr: '{{label}} has CmdRef 0 (the SyncHdr) but Cmd {{cmd}}',
    cmdRef0NoCmd: '{{label}} has CmdRef 0 but no Cmd; the SyncHdr Status carries Cmd SyncHdr',
    unknownCmdRef: '{{label}} has CmdRef {{cmdRef}}, but {{ref}} has no command with CmdID {{cmdRef}}',
    cmdMismatch: '{{label}} has Cmd {{cmd}}, but CmdRef {{cmdRef}} of {{ref}} is a {{name}}',
    noCmd: '{{label}} has no Cmd (it answers a {{name}})',
  },
  check(ctx) {
    const session = ctx.session;
    // Only judge references when the trace starts at the session's beginning.
    const complete =
      session.messages.length > 0 && (session.messages[0]!.package === 1 || session.messages[0]!.package === 0);
    for (const sm of session.messages) {
      if (!sml(sm)) continue;
      for (const c of commandsOf(sm)) {
        if (c.name !== 'Status' && c.name !== 'Results') continue;
        const label = `the ${c.name}${c.cmdID ? ` (CmdID ${c.cmdID.trim()})` : ''} in ${describe(sm)}`;
        const msgRef = c.msgRef?.trim();
        if (c.name === 'Status' && !msgRef) {
          ctx.report({
            messageId: 'noMsgRef',
            data: { label },
            messageIndex: sm.index,
            path: `${c.path}`,
            side: sm.direction,
          });
        }
        const ref = referencedMessage(session, sm, msgRef);
        if (!ref) {
          if (msgRef && complete) {
            ctx.report({
              messageId: 'unknownMsgRef',
              data: { label, msgRef, peer: sm.direction === 'client' ? 'server' : 'client' },
              messageIndex: sm.index,
              path: `${c.path}/MsgRef`,
              side: sm.direction,
            });
          }
          continue;
        }
        const cmdRef = c.cmdRef?.trim();
        if (!cmdRef) {
          if (!isHdrStatus(c))
            ctx.report({
              messageId: 'noCmdRef',
              data: { label },
              messageIndex: sm.index,
              path: c.path,
              side: sm.direction,
            });
          continue; // a SyncHdr Status without CmdRef: synchdr-status-cmdref
        }
        if (cmdRef === '0') {
          const cmd = c.cmd?.trim();
          if (c.name === 'Status' && cmd && cmd !== 'SyncHdr') {
            ctx.report({
              messageId: 'cmdRef0NotSyncHdr',
              data: { label, cmd },
              messageIndex: sm.index,
              path: `${c.path}/Cmd`,
              side: sm.direction,
            });
          } else if (c.name === 'Status' && !cmd) {
            ctx.report({
              messageId: 'cmdRef0NoCmd',
              data: { label },
              messageIndex: sm.index,
              path: c.path,
              side: sm.direction,
            });
          }
          continue;
        }
        const target = commandById(ref, cmdRef);
        if (!target) {
          ctx.report({
            messageId: 'unknownCmdRef',
            data: { label, cmdRef, ref: describe(ref) },
            messageIndex: sm.index,
            path: `${c.path}/CmdRef`,
            side: sm.direction,
          });
          continue;
        }
        const cmd = c.cmd?.trim();
        if (c.name === 'Status' && cmd && cmd !== target.name) {
          ctx.report({
            messageId: 'cmdMismatch',
            data: { label, cmd, cmdRef, ref: describe(ref), name: target.name },
            messageIndex: sm.index,
            path: `${c.path}/Cmd`,
            side: sm.direction,
          });
        } else if (c.name === 'Status' && !cmd) {
          ctx.report({
            messageId: 'noCmd',
            data: { label, name: target.name },
            messageIndex: sm.index,
            path: c.path,
            side: sm.direction,
          });
        }
      }
    }
  },
});
export default rule;
