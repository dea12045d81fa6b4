import rule from '../../src/rules/lo-213.js';
import { loSession } from './lo.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [loSession()],
  invalid: [
    {
      name: 'the first chunk answered 200',
      session: loSession({ status1: '200' }),
      errors: [
        {
          message:
            "the client's next-message request (MsgID 2) answers the non-final chunk Replace (CmdID 4) of Package 2 (MsgID 1) with 200; a chunk with MoreData is answered 213",
          messageIndex: 2,
          path: 'SyncBody/Status[CmdID=2]/Data',
          side: 'client',
        },
      ],
    },
  ],
});
