import rule from '../../src/rules/lo-size-match.js';
import { loSession } from './lo.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [loSession()],
  invalid: [
    {
      name: 'mismatch correctly answered 424: only the sender is at fault',
      session: loSession({ size: '1200', status2: '424' }),
      errors: [
        {
          message: 'declared Size 1200 in Package 2 (MsgID 1) but its 2 chunks carry 1000 bytes',
          messageIndex: 3,
          side: 'server',
        },
      ],
    },
    {
      name: 'mismatch accepted with 200',
      session: loSession({ size: '1200' }),
      errors: [
        {
          message:
            'the large object Replace ./Vendor/Firmware/Pkg declared Size 1200 in Package 2 (MsgID 1) but its 2 chunks carry 1000 bytes',
          messageIndex: 3,
          path: 'SyncBody/Replace[CmdID=3]/Item[1]',
          side: 'server',
        },
        {
          message:
            'Package 3 (MsgID 3) answers the last chunk of Replace ./Vendor/Firmware/Pkg with 200, but the object does not have its declared size; the answer is 424',
          messageIndex: 4,
          path: 'SyncBody/Status[CmdID=2]',
          side: 'client',
        },
      ],
    },
    {
      name: '424 for an object of the right size',
      session: loSession({ status2: '424' }),
      errors: [
        { message: 'with 424, but its chunks carry exactly the declared 1000 bytes', messageIndex: 4, side: 'client' },
      ],
    },
  ],
});
