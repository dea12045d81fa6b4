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
          messageId: 'not213',
          data: {
            answer: "the client's next-message request (MsgID 2)",
            name: 'Replace',
            cmdId: '4',
            msg: 'Package 2 (MsgID 1)',
            code: '200',
          },
          messageIndex: 2,
          path: 'SyncBody/Status[CmdID=2]/Data',
          side: 'client',
        },
      ],
    },
  ],
});
