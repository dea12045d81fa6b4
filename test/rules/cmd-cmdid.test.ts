import rule from '../../src/rules/cmd-cmdid.js';
import { alert, devInfo, hdrStatus, okSession, pkg1, pkg2 } from './msgs.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [okSession()],
  invalid: [
    {
      name: 'a server Get without CmdID',
      session: [
        pkg1(),
        pkg2({
          cmds: [
            hdrStatus('1', '1', '212', 'client'),
            '<Get><Item><Target><LocURI>./DevInfo/Mod</LocURI></Target></Item></Get>',
          ],
        }),
      ],
      errors: [
        {
          messageId: 'noCmdId',
          data: { cmdName: 'Get', msg: 'Package 2 (MsgID 1)' },
          messageIndex: 1,
          path: 'SyncBody/Get[1]',
          side: 'server',
        },
      ],
    },
    {
      name: 'a Status without CmdID and an Add inside an Atomic without one',
      session: [
        pkg1({ cmds: [alert('1', '1201'), devInfo('2')] }),
        pkg2({
          cmds: [
            '<Status><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Data>212</Data></Status>',
            '<Atomic><CmdID>2</CmdID><Add><Item><Target><LocURI>./x</LocURI></Target><Data>1</Data></Item></Add></Atomic>',
          ],
        }),
      ],
      errors: [
        {
          messageId: 'noCmdId',
          data: { cmdName: 'Status', msg: 'Package 2 (MsgID 1)' },
          path: 'SyncBody/Status[1]',
          side: 'server',
        },
        {
          messageId: 'noCmdId',
          data: { cmdName: 'Add', msg: 'Package 2 (MsgID 1)' },
          path: 'SyncBody/Atomic[CmdID=2]/Add[1]',
        },
      ],
    },
  ],
});
