import rule from '../../src/rules/verdtd-verproto-constant.js';
import { okSession, pkg1, pkg2, pkg3, pkg4 } from './msgs.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [
    okSession(),
    {
      name: 'a consistent DM 1.1 session is constant',
      session: [
        pkg1({ hdr: { verDTD: '1.1', verProto: 'DM/1.1' } }),
        pkg2({ hdr: { verDTD: '1.1', verProto: 'DM/1.1' } }),
      ],
    },
  ],
  invalid: [
    {
      name: 'client switches to DM/1.1 in Package 3',
      session: [pkg1(), pkg2(), pkg3({ hdr: { verProto: 'DM/1.1' } }), pkg4()],
      errors: [
        {
          messageId: 'versionChanged',
          data: { msg: 'Package 3 (MsgID 2)', field: 'VerProto', value: 'DM/1.1', firstAt: '1', firstValue: 'DM/1.2' },
          messageIndex: 2,
          path: 'SyncHdr/VerProto',
          side: 'client',
        },
      ],
    },
    {
      name: 'server answers with another VerDTD',
      session: [pkg1(), pkg2({ hdr: { verDTD: '1.1' } })],
      errors: [
        {
          messageId: 'versionChanged',
          data: { msg: 'Package 2 (MsgID 1)', field: 'VerDTD', value: '1.1', firstAt: '1', firstValue: '1.2' },
          messageIndex: 1,
          path: 'SyncHdr/VerDTD',
          side: 'server',
        },
      ],
    },
  ],
});
