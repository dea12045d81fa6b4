import rule from '../../src/rules/next-message-response.js';
import { alert, get, hdr, hdrStatus, msg, okSession, pkg1, pkg2, results, status } from './msgs.js';
import { loSession } from './lo.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [
    okSession(),
    loSession(),
    {
      name: 'the client answers a Get that came with a chunk: Results go with the 1222',
      session: (() => {
        const s = loSession({ after1: [get('5', './DevInfo/Mod')] });
        s[2] = msg(
          hdr('client', '2'),
          [
            hdrStatus('1', '1', '200', 'server'),
            status('2', '1', '4', 'Replace', '213'),
            status('3', '1', '5', 'Get', '200'),
            results('4', '1', '5', [['./DevInfo/Mod', 'm']]),
            alert('5', '1222'),
          ],
          false,
        );
        return s;
      })(),
    },
  ],
  invalid: [
    {
      name: 'Final and a Get in a next-message request',
      session: [
        pkg1({ final: false }),
        msg(hdr('server', '1'), [hdrStatus('1', '1', '200', 'client'), alert('2', '1222'), get('3', './DevInfo/Mod')]),
        pkg1({ msgID: '2', cmds: [hdrStatus('1', '1', '200', 'server'), status('2', '1', '3', 'Get', '200')] }),
        pkg2({ msgID: '2' }),
      ],
      errors: [
        {
          messageId: 'requestWithFinal',
          data: { msg: 'Package 2 (MsgID 1)' },
          messageIndex: 1,
          path: 'SyncBody/Final',
          side: 'server',
        },
        {
          messageId: 'requestWithCommand',
          data: { msg: 'Package 2 (MsgID 1)', cmdName: 'Get', cmdId: '3' },
          messageIndex: 1,
          path: 'SyncBody/Get[CmdID=3]',
          side: 'server',
        },
      ],
    },
  ],
});
