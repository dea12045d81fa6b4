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
          message: 'the client sent MsgID 1 twice in this session (messages 1 and 3)',
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
          message: "Package 4 (MsgID 3) comes after the server's MsgID 5",
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
      errors: [{ message: 'has no MsgID in its SyncHdr', messageIndex: 1, path: 'SyncHdr/MsgID', side: 'server' }],
    },
  ],
});
