import rule from '../../src/rules/hdr-verproto.js';
import { okSession, pkg1, pkg2, pkg3, pkg4 } from './msgs.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [okSession()],
  invalid: [
    {
      name: 'client says SyncML/1.2 (the DS protocol)',
      session: [pkg1({ hdr: { verProto: 'SyncML/1.2' } }), pkg2(), pkg3(), pkg4()],
      errors: [
        {
          messageId: 'wrongValue',
          data: { msg: 'Package 1 (MsgID 1)', field: 'VerProto', more: '', expected: 'DM/1.2', value: 'SyncML/1.2' },
          messageIndex: 0,
          path: 'SyncHdr/VerProto',
          side: 'client',
        },
      ],
    },
    {
      name: 'server leaves VerProto out of Package 4',
      session: [pkg1(), pkg2(), pkg3(), pkg4({ hdr: { verProto: '' } })],
      errors: [
        {
          messageId: 'missing',
          data: { msg: 'Package 4 (MsgID 2)', field: 'VerProto', more: '', expected: 'DM/1.2' },
          messageIndex: 3,
          path: 'SyncHdr/VerProto',
          side: 'server',
        },
      ],
    },
  ],
});
