import rule from '../../src/rules/hdr-sessionid-constant.js';
import { okSession, pkg1, pkg2, pkg3, pkg4 } from './msgs.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [okSession(), [pkg1({ hdr: { sessionID: '0001' } }), pkg2({ hdr: { sessionID: '0001' } })]],
  invalid: [
    {
      name: 'values are strings: 0001 is not 1',
      session: [pkg1(), pkg2({ hdr: { sessionID: '0001' } }), pkg3(), pkg4()],
      errors: [
        {
          message: 'Package 2 (MsgID 1) has SessionID 0001, but the session started with SessionID 1',
          messageIndex: 1,
          path: 'SyncHdr/SessionID',
          side: 'server',
        },
      ],
    },
    {
      name: 'missing SessionID',
      session: [pkg1(), pkg2(), pkg3({ hdr: { sessionID: '' } }), pkg4()],
      errors: [
        { message: 'Package 3 (MsgID 2) has no SessionID', messageIndex: 2, path: 'SyncHdr/SessionID', side: 'client' },
      ],
    },
  ],
});
