import rule from '../../src/rules/galert-status.js';
import { alert, devInfo, hdrStatus, pkg1, pkg2, status } from './msgs.js';
import { galert } from './galert.js';
import { ruleTester } from './tester.js';

const p1 = pkg1({ cmds: [alert('1', '1201'), devInfo('2'), galert('3')] });
const p2 = (code: string) =>
  pkg2({
    cmds: [
      hdrStatus('1', '1', '212', 'client'),
      status('2', '1', '1', 'Alert', '200'),
      status('3', '1', '2', 'Replace', '200'),
      status('4', '1', '3', 'Alert', code),
    ],
  });

ruleTester.run(rule, {
  valid: [
    [p1, p2('200')],
    [p1, p2('202')],
    [p1, p2('415')],
  ],
  invalid: [
    {
      name: '406 is not an answer to a Generic Alert',
      session: [p1, p2('406')],
      errors: [
        {
          messageId: 'badStatus',
          data: { msg: 'Package 2 (MsgID 1)', cmd: 'Alert 1226 (CmdID 3, MsgID 1)', code: '406' },
          messageIndex: 1,
          path: 'SyncBody/Status[CmdID=4]/Data',
          side: 'server',
        },
      ],
    },
  ],
});
