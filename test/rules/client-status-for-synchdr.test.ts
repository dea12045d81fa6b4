import rule from '../../src/rules/client-status-for-synchdr.js';
import { alert, hdrStatus, okSession, pkg1, pkg2, pkg3, pkg4, status } from './msgs.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [
    okSession(),
    { name: 'trace cut after Package 2', session: [pkg1(), pkg2()] },
    {
      name: 'no reply to a server abort is owed',
      session: [
        pkg1(),
        pkg2({
          cmds: [
            hdrStatus('1', '1', '212', 'client'),
            status('2', '1', '1', 'Alert', '200'),
            status('3', '1', '2', 'Replace', '200'),
            alert('4', '1223'),
          ],
        }),
        pkg3({ cmds: [alert('1', '1201')] }),
      ],
    },
  ],
  invalid: [
    {
      name: 'Package 3 without the SyncHdr Status',
      session: [
        pkg1(),
        pkg2(),
        pkg3({ cmds: [status('2', '1', '4', 'Get', '404'), status('5', '1', '5', 'Replace', '425')] }),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'missingHdrStatus',
          data: { answer: 'Package 3 (MsgID 2)', side: 'server', ref: ' (MsgRef 1, CmdRef 0)' },
          messageIndex: 2,
          path: 'SyncBody',
          side: 'client',
          section: '8.5',
          scr: ['DM-PRO-C-008', 'DM-PRO-C-009'],
        },
      ],
    },
    {
      name: 'SyncHdr Status points at the wrong server message',
      session: [
        pkg1(),
        pkg2(),
        pkg3({
          cmds: [
            hdrStatus('1', '7', '200', 'server'),
            status('2', '1', '4', 'Get', '404'),
            status('5', '1', '5', 'Replace', '425'),
          ],
        }),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'missingHdrStatus',
          data: { answer: 'Package 3 (MsgID 2)', side: 'server', ref: ' (MsgRef 1, CmdRef 0)' },
          messageIndex: 2,
        },
      ],
    },
  ],
});
