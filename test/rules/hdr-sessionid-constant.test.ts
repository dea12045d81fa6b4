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
          messageId: 'sessionIdChanged',
          data: { msg: 'Package 2 (MsgID 1)', sessionId: '0001', firstSessionId: '1', firstAt: '1' },
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
        {
          messageId: 'noSessionId',
          data: { msg: 'Package 3 (MsgID 2)' },
          messageIndex: 2,
          path: 'SyncHdr/SessionID',
          side: 'client',
        },
      ],
    },
  ],
});
