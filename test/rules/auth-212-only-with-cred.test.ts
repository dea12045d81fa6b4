import rule from '../../src/rules/auth-212-only-with-cred.js';
import { hdrStatus, okSession, pkg1, pkg2, pkg3, pkg4, status } from './msgs.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [okSession()],
  invalid: [
    {
      name: '212 for a Package 1 without Cred (hostap, D8)',
      session: [pkg1({ hdr: { extra: '' } }), pkg2()],
      errors: [
        {
          messageId: 'noCredentials',
          data: { msg: 'Package 2 (MsgID 1)', ref: 'Package 1 (MsgID 1)' },
          messageIndex: 1,
          path: 'SyncBody/Status[CmdID=1]/Data',
          side: 'server',
          severity: 'warning',
        },
      ],
    },
    {
      name: '212 for a command',
      session: [
        pkg1(),
        pkg2(),
        pkg3({
          cmds: [
            hdrStatus('1', '1', '200', 'server'),
            status('2', '1', '4', 'Get', '212'),
            status('3', '1', '5', 'Replace', '425'),
          ],
        }),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'commandAnswered212',
          data: { msg: 'Package 3 (MsgID 2)', cmd: 'Get', cmdRef: '4' },
          messageIndex: 2,
          path: 'SyncBody/Status[CmdID=2]/Data',
          side: 'client',
          severity: 'error',
        },
      ],
    },
  ],
});
