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
          message: 'Package 2 (MsgID 1) has no Target in its SyncHdr (the recipient)',
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
          message: 'Package 1 (MsgID 1) has a SyncHdr Source without a LocURI',
          messageIndex: 0,
          path: 'SyncHdr/Source/LocURI',
          side: 'client',
        },
      ],
    },
  ],
});
