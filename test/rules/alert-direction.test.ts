import rule from '../../src/rules/alert-direction.js';
import { alert, devInfo, hdrStatus, okSession, pkg1, pkg2, status } from './msgs.js';
import { galert } from './galert.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [
    okSession(),
    [pkg1({ cmds: [alert('1', '1201'), devInfo('2'), galert('3')] }), pkg2()],
    {
      name: 'hostile alert codes that name object properties',
      session: [
        pkg1({ cmds: [alert('1', '1201'), devInfo('2'), alert('3', 'constructor'), alert('4', '__proto__')] }),
        pkg2(),
      ],
    },
  ],
  invalid: [
    {
      name: 'the server sends a Generic Alert',
      session: [
        pkg1(),
        pkg2({
          cmds: [
            hdrStatus('1', '1', '212', 'client'),
            status('2', '1', '1', 'Alert', '200'),
            status('3', '1', '2', 'Replace', '200'),
            galert('4'),
          ],
        }),
      ],
      errors: [
        {
          messageId: 'wrongDirection',
          data: { msg: 'Package 2 (MsgID 1)', code: '1226', name: 'Generic Alert', sender: 'client' },
          messageIndex: 1,
          path: 'SyncBody/Alert[CmdID=4]',
          side: 'server',
          scr: ['DM-PRO-S-006'],
        },
      ],
    },
    {
      name: 'the client sends a Display alert',
      session: [
        pkg1({
          cmds: [alert('1', '1201'), devInfo('2'), alert('3', '1100', '<Item></Item><Item><Data>hi</Data></Item>')],
        }),
        pkg2(),
      ],
      errors: [
        {
          messageId: 'wrongDirection',
          data: { msg: 'Package 1 (MsgID 1)', code: '1100', name: 'Display', sender: 'server' },
          messageIndex: 0,
          path: 'SyncBody/Alert[CmdID=3]',
          side: 'client',
        },
      ],
    },
  ],
});
