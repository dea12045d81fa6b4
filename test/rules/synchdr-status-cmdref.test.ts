import rule from '../../src/rules/synchdr-status-cmdref.js';
import { hdrStatus, okSession, pkg1, pkg2, pkg3, pkg4, status } from './msgs.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [okSession()],
  invalid: [
    {
      name: 'no CmdRef (hostap, spec example 2.6.2.3): a warning',
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
      errors: [
        {
          messageId: 'noCmdRef',
          data: { cmdId: '1', msg: 'Package 2 (MsgID 1)' },
          messageIndex: 1,
          path: 'SyncBody/Status[CmdID=1]',
          side: 'server',
          severity: 'warning',
        },
      ],
    },
    {
      name: 'CmdRef 1: an error',
      session: [
        pkg1(),
        pkg2(),
        pkg3({
          cmds: [
            hdrStatus('1', '1', '200', 'server', '', '1'),
            status('2', '1', '4', 'Get', '404'),
            status('3', '1', '5', 'Replace', '425'),
          ],
        }),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'cmdRefNotZero',
          data: { cmdId: '1', msg: 'Package 3 (MsgID 2)', ref: '1' },
          messageIndex: 2,
          path: 'SyncBody/Status[CmdID=1]/CmdRef',
          side: 'client',
          severity: 'error',
        },
      ],
    },
  ],
});
