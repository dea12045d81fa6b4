import rule from '../../src/rules/abort-reply.js';
import { alert, get, hdrStatus, okSession, pkg1, pkg2, pkg3, pkg4, status } from './msgs.js';
import { ruleTester } from './tester.js';

const serverAbort = pkg2({
  cmds: [
    hdrStatus('1', '1', '212', 'client'),
    status('2', '1', '1', 'Alert', '200'),
    status('3', '1', '2', 'Replace', '200'),
    alert('4', '1223'),
  ],
});
const clientAbort = pkg3({
  cmds: [
    hdrStatus('1', '1', '200', 'server'),
    status('2', '1', '4', 'Get', '404'),
    status('3', '1', '5', 'Replace', '425'),
    alert('4', '1223'),
  ],
});

ruleTester.run(rule, {
  valid: [
    okSession(),
    [pkg1(), serverAbort],
    [
      pkg1(),
      pkg2(),
      clientAbort,
      pkg4({ cmds: [hdrStatus('1', '2', '200', 'client'), status('2', '2', '4', 'Alert', '200')] }),
    ],
  ],
  invalid: [
    {
      name: 'the client answers the server abort',
      session: [
        pkg1(),
        serverAbort,
        pkg3({ cmds: [hdrStatus('1', '1', '200', 'server'), status('2', '1', '4', 'Alert', '200')] }),
      ],
      errors: [
        {
          messageId: 'clientRepliesToAbort',
          data: { reply: 'Package 3 (MsgID 2)', msg: 'Package 2 (MsgID 1)' },
          messageIndex: 2,
          path: 'SyncBody',
          side: 'client',
          severity: 'warning',
        },
      ],
    },
    {
      name: 'the server sends a new Get after the client abort',
      session: [
        pkg1(),
        pkg2(),
        clientAbort,
        pkg4({ cmds: [hdrStatus('1', '2', '200', 'client'), get('2', './DevInfo/Mod')] }),
      ],
      errors: [
        {
          messageId: 'serverCommandAfterAbort',
          data: { reply: 'Package 4 (MsgID 2)', msg: 'Package 3 (MsgID 2)', cmdName: 'Get', cmdId: '2' },
          messageIndex: 3,
          path: 'SyncBody/Get[CmdID=2]',
          side: 'server',
        },
      ],
    },
  ],
});
