import rule from '../../src/rules/lo-size-first-chunk.js';
import { loSession } from './lo.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [loSession()],
  invalid: [
    {
      name: 'no Size in the first chunk',
      session: loSession({ size: null }),
      errors: [
        {
          messageId: 'noSize',
          data: { what: 'Replace ./Vendor/Firmware/Pkg', msg: 'Package 2 (MsgID 1)' },
          messageIndex: 1,
          path: 'SyncBody/Replace[CmdID=4]/Item[1]',
          side: 'server',
        },
      ],
    },
    {
      name: 'Size repeated in the second chunk',
      session: loSession({ size2: '1000' }),
      errors: [
        {
          messageId: 'sizeRepeated',
          data: { chunk: '2', what: 'Replace ./Vendor/Firmware/Pkg', msg: 'Package 2 (MsgID 2)' },
          messageIndex: 3,
          path: 'SyncBody/Replace[CmdID=3]/Item[1]',
          side: 'server',
        },
      ],
    },
  ],
});
