import rule from '../../src/rules/msgref-cmdref-valid.js';
import { hdrStatus, okSession, pkg1, pkg2, pkg3, pkg4, results, status } from './msgs.js';
import { ruleTester } from './tester.js';

const p3 = (...cmds: string[]) => pkg3({ cmds: [hdrStatus('1', '1', '200', 'server'), ...cmds] });

ruleTester.run(rule, {
  valid: [
    okSession(),
    {
      name: "a SyncHdr Status without CmdRef is synchdr-status-cmdref's business",
      session: [
        pkg1(),
        pkg2({
          cmds: [
            hdrStatus('1', '1', '212', 'client', '', null),
            status('2', '1', '1', 'Alert', '200'),
            status('3', '1', '2', 'Replace', '200'),
          ],
        }),
      ],
    },
  ],
  invalid: [
    {
      name: 'CmdRef to a command the server never sent',
      session: [
        pkg1(),
        pkg2(),
        p3(status('2', '1', '9', 'Get', '200'), status('3', '1', '5', 'Replace', '425')),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'unknownCmdRef',
          data: { label: 'the Status (CmdID 2) in Package 3 (MsgID 2)', cmdRef: '9', ref: 'Package 2 (MsgID 1)' },
          messageIndex: 2,
          path: 'SyncBody/Status[CmdID=2]/CmdRef',
          side: 'client',
        },
      ],
    },
    {
      name: 'MsgRef to a server message that does not exist',
      session: [pkg1(), pkg2(), p3(status('2', '3', '4', 'Get', '200')), pkg4()],
      errors: [
        {
          messageId: 'unknownMsgRef',
          data: { label: 'the Status (CmdID 2) in Package 3 (MsgID 2)', msgRef: '3', peer: 'server' },
          messageIndex: 2,
          path: 'SyncBody/Status[CmdID=2]/MsgRef',
        },
      ],
    },
    {
      name: 'Cmd does not name the referenced command',
      session: [
        pkg1(),
        pkg2(),
        p3(
          status('2', '1', '4', 'Replace', '200'),
          results('3', '1', '4', [['./DevInfo/Mod', 'm']]),
          status('4', '1', '5', 'Replace', '425'),
        ),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'cmdMismatch',
          data: {
            label: 'the Status (CmdID 2) in Package 3 (MsgID 2)',
            cmd: 'Replace',
            cmdRef: '4',
            ref: 'Package 2 (MsgID 1)',
            name: 'Get',
          },
          messageIndex: 2,
          path: 'SyncBody/Status[CmdID=2]/Cmd',
        },
      ],
    },
    {
      name: 'Status without MsgRef, Results without CmdRef',
      session: [
        pkg1(),
        pkg2(),
        p3(
          '<Status><CmdID>2</CmdID><CmdRef>4</CmdRef><Cmd>Get</Cmd><Data>200</Data></Status>',
          '<Results><CmdID>3</CmdID><MsgRef>1</MsgRef><Item><Source><LocURI>./DevInfo/Mod</LocURI></Source><Data>m</Data></Item></Results>',
        ),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'noMsgRef',
          data: { label: 'the Status (CmdID 2) in Package 3 (MsgID 2)' },
          path: 'SyncBody/Status[CmdID=2]',
        },
        {
          messageId: 'noCmdRef',
          data: { label: 'the Results (CmdID 3) in Package 3 (MsgID 2)' },
          path: 'SyncBody/Results[CmdID=3]',
        },
      ],
    },
  ],
});
