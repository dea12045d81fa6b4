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
          message:
            'the first chunk of the large object Replace ./Vendor/Firmware/Pkg in Package 2 (MsgID 1) has no Meta Size',
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
          message: 'chunk 2 of the large object Replace ./Vendor/Firmware/Pkg in Package 2 (MsgID 2) repeats Meta Size',
          messageIndex: 3,
          path: 'SyncBody/Replace[CmdID=3]/Item[1]',
          side: 'server',
        },
      ],
    },
  ],
});
