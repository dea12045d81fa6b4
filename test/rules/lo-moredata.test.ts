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
          messageId: 'moreDataWithFinal',
          data: { msg: 'Package 2 (MsgID 1)', name: 'Replace', uri: './Vendor/Firmware/Pkg' },
          messageIndex: 1,
          path: 'SyncBody/Replace[CmdID=4]/Item[1]/MoreData',
          side: 'server',
        },
      ],
    },
  ],
});
