import rule from '../../src/rules/multi-final.js';
import { alert, hdr, hdrStatus, msg, okSession, pkg1, pkg2, status } from './msgs.js';
import { loSession } from './lo.js';
import { ruleTester } from './tester.js';

const serverNext = msg(hdr('server', '1'), [hdrStatus('1', '1', '200', 'client'), alert('2', '1222')], false);
const pkg1b = msg(hdr('client', '2'), [hdrStatus('1', '1', '200', 'server'), status('2', '1', '2', 'Alert', '200')]);

ruleTester.run(rule, {
  valid: [
    okSession(),
    loSession(),
    [pkg1({ final: false }), serverNext, pkg1b, pkg2({ msgID: '2', cmds: [hdrStatus('1', '2', '200', 'client')] })],
  ],
  invalid: [
    {
      name: 'the server answers a non-final client message with a whole package',
      session: [pkg1({ final: false }), pkg2()],
      errors: [
        {
          messageId: 'no1222',
          data: { reply: 'Package 2 (MsgID 1)', msg: 'Package 1 (MsgID 1)', side: 'client' },
          messageIndex: 1,
          path: 'SyncBody',
          side: 'server',
          scr: ['DM-PRO-Mul-S-002'],
        },
      ],
    },
    {
      name: 'the client answers a chunk without 1222 and with statuses only',
      session: (() => {
        const s = loSession();
        s[2] = msg(
          hdr('client', '2'),
          [hdrStatus('1', '1', '200', 'server'), status('2', '1', '4', 'Replace', '213')],
          false,
        );
        return s;
      })(),
      errors: [
        {
          messageId: 'no1222',
          data: { reply: "the client's next-message request (MsgID 2)", msg: 'Package 2 (MsgID 1)', side: 'server' },
          messageIndex: 2,
          side: 'client',
          scr: ['DM-PRO-Mul-C-002'],
        },
      ],
    },
    {
      name: 'the client closes its package while the server is still sending a large object',
      session: (() => {
        const s = loSession();
        s[2] = msg(hdr('client', '2'), [
          hdrStatus('1', '1', '200', 'server'),
          status('2', '1', '4', 'Replace', '213'),
          alert('3', '1222'),
        ]);
        return s;
      })(),
      errors: [
        {
          messageId: 'finalWhilePeerOpen',
          data: { reply: 'Package 3 (MsgID 2)', msg: 'Package 2 (MsgID 1)' },
          messageIndex: 2,
          path: 'SyncBody/Final',
          side: 'client',
          scr: ['DM-PRO-Mul-C-001'],
        },
      ],
    },
    {
      name: "the server asks for more after the client's Final",
      session: [pkg1(), serverNext],
      errors: [
        {
          messageId: 'needless1222',
          data: { reply: "the server's next-message request (MsgID 1)", msg: 'Package 1 (MsgID 1)' },
          messageIndex: 1,
          path: 'SyncBody/Alert[CmdID=2]',
          side: 'server',
        },
      ],
    },
  ],
});
