import rule from '../../src/rules/galert-item.js';
import { alert, devInfo, hdrStatus, okSession, pkg1, pkg2, pkg3, pkg4, status } from './msgs.js';
import { galert, galertItem } from './galert.js';
import { ruleTester } from './tester.js';

const p1 = (...extra: string[]) => pkg1({ cmds: [alert('1', '1201'), devInfo('2'), ...extra] });

ruleTester.run(rule, {
  valid: [
    okSession(),
    [p1(galert('3')), pkg2()],
    {
      name: 'Client Event with Type and Format',
      session: [
        p1(alert('3', '1224', galertItem({ type: 'com.microsoft/MDM/LoginStatus', format: 'chr', data: 'user' }))),
        pkg2(),
      ],
    },
  ],
  invalid: [
    {
      name: 'Generic Alert without Item',
      session: [p1(alert('3', '1226')), pkg2()],
      errors: [
        {
          messageId: 'noItem',
          data: { name: 'Generic Alert', cmd: 'Alert 1226 (CmdID 3, MsgID 1)' },
          messageIndex: 0,
          path: 'SyncBody/Alert[CmdID=3]',
          side: 'client',
        },
      ],
    },
    {
      name: 'Item without Format and Data; second Item without Meta',
      session: [
        pkg1(),
        pkg2(),
        pkg3({
          cmds: [
            hdrStatus('1', '1', '200', 'server'),
            status('2', '1', '4', 'Get', '404'),
            status('3', '1', '5', 'Replace', '425'),
            galert('4', galertItem({ format: null, data: null }), galertItem({ type: null, format: null })),
          ],
        }),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'itemMissing',
          data: {
            item: '1',
            name: 'Generic Alert',
            cmd: 'Alert 1226 (CmdID 4, MsgID 2)',
            msg: 'Package 3 (MsgID 2)',
            missing: 'Meta Format, no Data',
          },
          messageIndex: 2,
          path: 'SyncBody/Alert[CmdID=4]/Item[1]',
        },
        {
          messageId: 'itemMissing',
          data: {
            item: '2',
            name: 'Generic Alert',
            cmd: 'Alert 1226 (CmdID 4, MsgID 2)',
            msg: 'Package 3 (MsgID 2)',
            missing: 'Meta Type, no Meta Format',
          },
          path: 'SyncBody/Alert[CmdID=4]/Item[2]',
        },
      ],
    },
    {
      name: 'Client Event without Meta',
      session: [p1(alert('3', '1224', '<Item><Data>user</Data></Item>')), pkg2()],
      errors: [
        {
          messageId: 'itemMissing',
          data: {
            item: '1',
            name: 'Client Event',
            cmd: 'Alert 1224 (CmdID 3, MsgID 1)',
            msg: 'Package 1 (MsgID 1)',
            missing: 'Meta Type, no Meta Format',
          },
          scr: ['DM-PRO-C-010'],
        },
      ],
    },
  ],
});
