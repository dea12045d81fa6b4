import rule from '../../src/rules/cmdid-unique.js';
import { get, hdrStatus, okSession, pkg1, pkg2, status } from './msgs.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [
    okSession(),
    {
      name: 'CmdIDs need not be consecutive',
      session: [
        pkg1(),
        pkg2({
          cmds: [
            hdrStatus('6', '1', '212', 'client'),
            status('7', '1', '1', 'Alert', '200'),
            status('8', '1', '2', 'Replace', '200'),
            get('2', './DevInfo/Mod'),
          ],
        }),
      ],
    },
  ],
  invalid: [
    {
      name: 'two commands with CmdID 3',
      session: [
        pkg1(),
        pkg2({
          cmds: [
            hdrStatus('1', '1', '212', 'client'),
            status('2', '1', '1', 'Alert', '200'),
            status('3', '1', '2', 'Replace', '200'),
            get('3', './DevInfo/Mod'),
          ],
        }),
      ],
      errors: [
        {
          messageId: 'duplicateCmdId',
          data: { msg: 'Package 2 (MsgID 1)', cmdId: '3', first: 'Status', cmdName: 'Get' },
          messageIndex: 1,
          path: 'SyncBody/Get[CmdID=3]',
          side: 'server',
          severity: 'error',
        },
      ],
    },
    {
      name: 'CmdID 0',
      session: [
        pkg1(),
        pkg2({
          cmds: [
            hdrStatus('0', '1', '212', 'client'),
            status('2', '1', '1', 'Alert', '200'),
            status('3', '1', '2', 'Replace', '200'),
          ],
        }),
      ],
      errors: [
        {
          messageId: 'cmdIdZero',
          data: { cmdName: 'Status', msg: 'Package 2 (MsgID 1)' },
          messageIndex: 1,
          path: 'SyncBody/Status[CmdID=0]',
          severity: 'warning',
        },
      ],
    },
  ],
});
