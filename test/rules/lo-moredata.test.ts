import rule from '../../src/rules/lo-moredata.js';
import { okSession } from './msgs.js';
import { loSession } from './lo.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [okSession(), loSession()],
  invalid: [
    {
      name: 'Final on the message of a MoreData chunk',
      session: loSession({ final1: true }),
      errors: [
        {
          message: 'Package 2 (MsgID 1) carries a chunk of Replace ./Vendor/Firmware/Pkg with MoreData and also Final',
          messageIndex: 1,
          path: 'SyncBody/Replace[CmdID=4]/Item[1]/MoreData',
          side: 'server',
        },
      ],
    },
  ],
});
