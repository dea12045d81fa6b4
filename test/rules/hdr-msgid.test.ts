import rule from '../../src/rules/hdr-msgid.js';
import { get, hdrStatus, okSession, pkg1, pkg2, pkg3, pkg4, status } from './msgs.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [okSession()],
  invalid: [
    {
      name: 'client reuses MsgID 1',
      session: [pkg1(), pkg2(), pkg3({ msgID: '1' }), pkg4()],
      errors: [
        {
          messageId: 'msgIdTwice',
          data: { side: 'client', msgId: '1', first: '1', second: '3' },
          messageIndex: 2,
          path: 'SyncHdr/MsgID',
          side: 'client',
          severity: 'error',
          // Issue 10 item 5: MsgID reuse in Package 3 is reported at §8.5.
          section: '8.5',
        },
      ],
    },
    {
      // Issue 10 item 5: the server sends more commands in Package 4, the client's next Package 3
      // (a resend of the same package number in the second iteration) reuses MsgID 2.
      name: 'a second Package 3 reuses the MsgID of the first: §8.5',
      session: [
        pkg1(),
        pkg2(),
        pkg3(),
        pkg4({ cmds: [hdrStatus('1', '2', '200', 'client'), get('2', './DevDetail/FwV')] }),
        pkg3({
          msgID: '2',
          cmds: [hdrStatus('1', '2', '200', 'server'), status('2', '2', '2', 'Get', '404')],
        }),
        pkg4({ msgID: '3' }),
      ],
      errors: [
        {
          messageId: 'msgIdTwice',
          data: { side: 'client', msgId: '2', first: '3', second: '5' },
          messageIndex: 4,
          path: 'SyncHdr/MsgID',
          side: 'client',
          section: '8.5',
        },
      ],
    },
    {
      name: 'server goes backwards',
      session: [pkg1(), pkg2({ msgID: '5' }), pkg3(), pkg4({ msgID: '3' })],
      errors: [
        {
          messageId: 'msgIdDecreases',
          data: { msg: 'Package 4 (MsgID 3)', side: 'server', before: '5' },
          messageIndex: 3,
          path: 'SyncHdr/MsgID',
          side: 'server',
          severity: 'warning',
          section: '8.6',
        },
      ],
    },
    {
      name: 'no MsgID',
      session: [pkg1(), pkg2({ hdr: { msgID: null } })],
      errors: [
        {
          messageId: 'noMsgId',
          data: { msg: 'Package 2 (message 2 of the session)' },
          messageIndex: 1,
          path: 'SyncHdr/MsgID',
          side: 'server',
        },
      ],
    },
  ],
});
