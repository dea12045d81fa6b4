import rule from '../../src/rules/server-status-for-synchdr.js';
import { get, okSession, pkg1, pkg2, pkg3, pkg4, status } from './msgs.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [okSession(), { name: 'Package 1 alone: nothing answered yet', session: [pkg1()] }],
  invalid: [
    {
      name: 'Package 2 without the SyncHdr Status',
      session: [
        pkg1(),
        pkg2({
          cmds: [
            status('2', '1', '1', 'Alert', '200'),
            status('3', '1', '2', 'Replace', '200'),
            get('4', './DevInfo/Mod'),
          ],
        }),
      ],
      errors: [
        {
          message: "Package 2 (MsgID 1) has no Status for the client's SyncHdr (MsgRef 1, CmdRef 0)",
          messageIndex: 1,
          path: 'SyncBody',
          side: 'server',
        },
      ],
    },
    {
      name: 'Package 4 without it',
      session: [pkg1(), pkg2(), pkg3(), pkg4({ cmds: [] })],
      errors: [
        { message: "Package 4 (MsgID 2) has no Status for the client's SyncHdr", messageIndex: 3, side: 'server' },
      ],
    },
  ],
});
