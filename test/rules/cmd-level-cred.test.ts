import rule from '../../src/rules/cmd-level-cred.js';
import { alert, basicCred, devInfo, okSession, pkg1, pkg2, pkg3, pkg4 } from './msgs.js';
import { ruleTester } from './tester.js';

const alertWithCred = `<Alert><CmdID>1</CmdID>${basicCred()}<Data>1201</Data></Alert>`;

ruleTester.run(rule, {
  valid: [okSession()],
  invalid: [
    {
      name: 'Cred inside the session Alert',
      session: [pkg1({ cmds: [alertWithCred, devInfo('2')] }), pkg2(), pkg3(), pkg4()],
      errors: [
        {
          messageId: 'credInCommand',
          data: { cmd: 'Alert 1201 (CmdID 1, MsgID 1)' },
          messageIndex: 0,
          path: 'SyncBody/Alert[CmdID=1]/Cred',
          side: 'client',
        },
      ],
    },
    {
      name: 'Cred inside a server Get nested in a Sequence',
      session: [
        pkg1(),
        pkg2({
          cmds: [
            `<Sequence><CmdID>2</CmdID><Get><CmdID>3</CmdID>${basicCred()}<Item><Target><LocURI>./DevInfo/Mod</LocURI></Target></Item></Get></Sequence>`,
            alert('4', '1100'),
          ],
        }),
      ],
      errors: [
        {
          messageId: 'credInCommand',
          data: { cmd: 'Get (CmdID 3, MsgID 1)' },
          messageIndex: 1,
          path: 'SyncBody/Sequence[CmdID=2]/Get[CmdID=3]/Cred',
          side: 'server',
        },
      ],
    },
  ],
});
