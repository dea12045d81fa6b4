import rule from '../../src/rules/auth-no-challenge-after-empty-pkg2.js';
import { chal, hdrStatus, okSession, pkg1, pkg2, pkg3, status } from './msgs.js';
import { ruleTester } from './tester.js';

const emptyPkg2 = pkg2({
  cmds: [
    hdrStatus('1', '1', '212', 'client'),
    status('2', '1', '1', 'Alert', '200'),
    status('3', '1', '2', 'Replace', '200'),
  ],
});

ruleTester.run(rule, {
  valid: [
    okSession(),
    [pkg1(), emptyPkg2],
    {
      name: 'a challenge after a Package 2 with commands is fine here',
      session: [pkg1(), pkg2(), pkg3({ cmds: [hdrStatus('1', '1', '401', 'server', chal())] })],
    },
  ],
  invalid: [
    {
      name: 'only a challenge after an empty Package 2',
      session: [pkg1(), emptyPkg2, pkg3({ cmds: [hdrStatus('1', '1', '407', 'server', chal())] })],
      errors: [
        {
          messageId: 'challengeAfterEmptyPkg2',
          data: { msg: 'Package 3 (MsgID 2)', pkg2: 'Package 2 (MsgID 1)' },
          messageIndex: 2,
          path: 'SyncBody/Status[CmdID=1]/Chal',
          side: 'client',
        },
      ],
    },
  ],
});
