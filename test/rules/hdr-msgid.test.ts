import rule from '../../src/rules/hdr-msgid.js';
import { okSession, pkg1, pkg2, pkg3, pkg4 } from './msgs.js';
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
