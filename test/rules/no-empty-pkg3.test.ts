import rule from '../../src/rules/no-empty-pkg3.js';
import { alert, chal, hdrStatus, okSession, pkg1, pkg2, pkg3, pkg4, status } from './msgs.js';
import { ruleTester } from './tester.js';

const emptyPkg2 = pkg2({
  cmds: [
    hdrStatus('1', '1', '212', 'client'),
    status('2', '1', '1', 'Alert', '200'),
    status('3', '1', '2', 'Replace', '200'),
  ],
});

ruleTester.run(rule, {
  valid: [
    okSession(),
    // A Package 3 whose only Status carries a challenge is auth-no-challenge-after-empty-pkg2's finding, not this one's.
    {
      name: "a reply to a server abort is abort-reply's finding",
      session: [
        pkg1(),
        pkg2({
          cmds: [
            hdrStatus('1', '1', '212', 'client'),
            status('2', '1', '1', 'Alert', '200'),
            status('3', '1', '2', 'Replace', '200'),
            alert('4', '1223'),
          ],
        }),
        pkg3({ cmds: [hdrStatus('1', '1', '200', 'server')] }),
      ],
    },
    {
      name: 'challenge only',
      session: [pkg1(), emptyPkg2, pkg3({ cmds: [hdrStatus('1', '1', '401', 'server', chal())] })],
    },
    { name: 'session ends after an empty Package 2', session: [pkg1(), emptyPkg2] },
    {
      name: 'Package 3 with a client alert',
      session: [
        pkg1(),
        emptyPkg2,
        pkg3({ cmds: [hdrStatus('1', '1', '200', 'server'), alert('2', '1226', '<Item><Data>1</Data></Item>')] }),
        pkg4(),
      ],
    },
  ],
  invalid: [
    {
      name: 'Package 3 with only the SyncHdr Status',
      session: [pkg1(), emptyPkg2, pkg3({ cmds: [hdrStatus('1', '1', '200', 'server')] }), pkg4()],
      errors: [
        {
          messageId: 'emptyPkg3',
          data: { msg: 'Package 3 (MsgID 2)' },
          messageIndex: 2,
          path: 'SyncBody',
          side: 'client',
        },
      ],
    },
    {
      name: 'also in a later iteration',
      session: [
        pkg1(),
        pkg2(),
        pkg3(),
        pkg4(),
        pkg3({ msgID: '3', cmds: [hdrStatus('1', '2', '200', 'server')] }),
        pkg4({ msgID: '3', cmds: [hdrStatus('1', '3', '200', 'client')] }),
      ],
      errors: [{ messageId: 'emptyPkg3', data: { msg: 'Package 3 (MsgID 3)' }, messageIndex: 4 }],
    },
  ],
});
