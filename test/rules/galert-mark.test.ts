import rule from '../../src/rules/galert-mark.js';
import { alert, devInfo, pkg1, pkg2 } from './msgs.js';
import { galert, galertItem } from './galert.js';
import { ruleTester } from './tester.js';

const s = (item: string) => [pkg1({ cmds: [alert('1', '1201'), devInfo('2'), galert('3', item)] }), pkg2()];

ruleTester.run(rule, {
  valid: [s(galertItem()), s(galertItem({ mark: 'critical' })), s(galertItem({ mark: 'indeterminate' }))],
  invalid: [
    {
      name: 'unknown value',
      session: s(galertItem({ mark: 'high' })),
      errors: [
        {
          messageId: 'badMark',
          data: { mark: 'high', item: '1', cmd: 'Alert 1226 (CmdID 3, MsgID 1)', hint: '' },
          messageIndex: 0,
          path: 'SyncBody/Alert[CmdID=3]/Item[1]/Meta/Mark',
          side: 'client',
        },
      ],
    },
    {
      name: 'wrong case',
      session: s(galertItem({ mark: 'Critical' })),
      errors: [
        {
          messageId: 'badMark',
          data: {
            mark: 'Critical',
            item: '1',
            cmd: 'Alert 1226 (CmdID 3, MsgID 1)',
            hint: ' (write it in lowercase: critical)',
          },
        },
      ],
    },
  ],
});
