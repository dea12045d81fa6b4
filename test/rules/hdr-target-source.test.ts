import rule from '../../src/rules/hdr-target-source.js';
import { okSession, pkg1, pkg2, pkg3, pkg4 } from './msgs.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [okSession()],
  invalid: [
    {
      name: 'server leaves Target out',
      session: [pkg1(), pkg2({ hdr: { target: null } }), pkg3(), pkg4()],
      errors: [
        {
          messageId: 'missing',
          data: { msg: 'Package 2 (MsgID 1)', field: 'Target', role: 'the recipient' },
          messageIndex: 1,
          path: 'SyncHdr/Target',
          side: 'server',
        },
      ],
    },
    {
      name: 'client has an empty Source LocURI',
      session: [pkg1({ hdr: { source: '' } }), pkg2()],
      errors: [
        {
          messageId: 'noLocUri',
          data: { msg: 'Package 1 (MsgID 1)', field: 'Source' },
          messageIndex: 0,
          path: 'SyncHdr/Source/LocURI',
          side: 'client',
        },
      ],
    },
  ],
});
