import rule from '../../src/rules/abort-final.js';
import { alert, hdrStatus, okSession, pkg1, pkg2, pkg3, status } from './msgs.js';
import { ruleTester } from './tester.js';

const abort3 = (final: boolean) =>
  pkg3({
    final,
    cmds: [
      hdrStatus('1', '1', '200', 'server'),
      status('2', '1', '4', 'Get', '404'),
      status('3', '1', '5', 'Replace', '425'),
      alert('4', '1223'),
    ],
  });

ruleTester.run(rule, {
  valid: [okSession(), [pkg1(), pkg2(), abort3(true)]],
  invalid: [
    {
      name: 'client abort without Final',
      session: [pkg1(), pkg2(), abort3(false)],
      errors: [
        {
          messageId: 'abortWithoutFinal',
          data: { msg: 'Package 3 (MsgID 2)', cmdId: '4' },
          messageIndex: 2,
          path: 'SyncBody',
          side: 'client',
          scr: ['DM-PRO-Abort-C-004', 'DM-PRO-Abort-C-001'],
        },
      ],
    },
    {
      name: 'server abort without Final',
      session: [pkg1(), pkg2({ final: false, cmds: [hdrStatus('1', '1', '212', 'client'), alert('2', '1223')] })],
      errors: [
        {
          messageId: 'abortWithoutFinal',
          data: { msg: 'Package 2 (MsgID 1)', cmdId: '2' },
          messageIndex: 1,
          side: 'server',
          scr: ['DM-PRO-Abort-S-004', 'DM-PRO-Abort-S-001'],
        },
      ],
    },
  ],
});
