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
          message:
            'Package 2 (MsgID 1) answers the SyncHdr of Package 1 (MsgID 1) with 212 (authentication accepted), but that message carried no credentials',
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
          message: 'Package 3 (MsgID 2) answers a Get (CmdRef 4) with 212; 212 is for the SyncHdr only',
          messageIndex: 2,
          path: 'SyncBody/Status[CmdID=2]/Data',
          side: 'client',
          severity: 'error',
        },
      ],
    },
  ],
});
