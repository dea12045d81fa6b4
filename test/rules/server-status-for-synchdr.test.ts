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
          messageId: 'missingHdrStatus',
          data: { answer: 'Package 2 (MsgID 1)', side: 'client', ref: ' (MsgRef 1, CmdRef 0)' },
          messageIndex: 1,
          path: 'SyncBody',
          side: 'server',
          section: '8.4',
          scr: ['DM-PRO-Session-S-002', 'DM-PRO-S-008'],
        },
      ],
    },
    {
      name: 'Package 4 without it',
      session: [pkg1(), pkg2(), pkg3(), pkg4({ cmds: [] })],
      errors: [
        {
          messageId: 'missingHdrStatus',
          data: { answer: 'Package 4 (MsgID 2)', side: 'client', ref: ' (MsgRef 2, CmdRef 0)' },
          messageIndex: 3,
          side: 'server',
          // Issue 10 item 1: reported at Package 4's section, not at §8.4.
          section: '8.6',
          scr: ['DM-PRO-S-008'],
        },
      ],
    },
  ],
});
