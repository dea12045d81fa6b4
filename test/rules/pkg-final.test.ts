import rule from '../../src/rules/pkg-final.js';
import { alert, hdr, hdrStatus, msg, okSession, pkg1, pkg2, pkg3, pkg4 } from './msgs.js';
import { loSession } from './lo.js';
import { ruleTester } from './tester.js';

// The client splits Package 1 over two messages; the server asks for the second with 1222.
const multiPkg1 = [
  pkg1({ final: false }),
  msg(hdr('server', '1'), [hdrStatus('1', '1', '200', 'client'), alert('2', '1222')], false),
  msg(hdr('client', '2'), [hdrStatus('1', '1', '200', 'server'), alert('2', '1226', '<Item><Data>x</Data></Item>')]),
  pkg2({ msgID: '2', cmds: [hdrStatus('1', '2', '200', 'client')] }),
];

ruleTester.run(rule, {
  valid: [okSession(), loSession(), multiPkg1],
  invalid: [
    {
      name: 'Package 2 without Final',
      session: [pkg1(), pkg2({ final: false }), pkg3(), pkg4()],
      errors: [
        {
          messageId: 'serverNoFinal',
          data: { msg: 'Package 2 (MsgID 1)' },
          messageIndex: 1,
          path: 'SyncBody',
          side: 'server',
          section: '8.4',
          scr: ['DM-PRO-Session-S-002', 'DM-PRO-Mul-S-001'],
        },
      ],
    },
    {
      name: "the client's last Package 3 message lacks Final",
      session: [pkg1(), pkg2(), pkg3({ final: false }), pkg4()],
      errors: [
        {
          messageId: 'clientNoFinal',
          data: { msg: 'Package 3 (MsgID 2)' },
          messageIndex: 2,
          side: 'client',
          section: '8.5',
        },
      ],
    },
  ],
});
