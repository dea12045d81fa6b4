import rule from '../../src/rules/status-for-results.js';
import { hdrStatus, okSession, pkg1, pkg2, pkg3, pkg4, status } from './msgs.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [
    okSession(),
    {
      name: 'a failure Status for Results is required',
      session: [
        pkg1(),
        pkg2(),
        pkg3(),
        pkg4({ cmds: [hdrStatus('1', '2', '200', 'client'), status('2', '2', '4', 'Results', '500')] }),
      ],
    },
  ],
  invalid: [
    {
      name: 'Package 4 acknowledges the Results with 200',
      session: [
        pkg1(),
        pkg2(),
        pkg3(),
        pkg4({ cmds: [hdrStatus('1', '2', '200', 'client'), status('2', '2', '4', 'Results', '200')] }),
      ],
      errors: [
        {
          messageId: 'status200ForResults',
          data: { msg: 'Package 4 (MsgID 2)', cmdRef: '4', ofMsgRef: ' of MsgRef 2' },
          messageIndex: 3,
          path: 'SyncBody/Status[CmdID=2]',
          side: 'server',
        },
      ],
    },
  ],
});
