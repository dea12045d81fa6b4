import rule from '../../src/rules/lo-contiguous.js';
import { replace } from './msgs.js';
import { loSession } from './lo.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [loSession()],
  invalid: [
    {
      name: 'a Replace after the first chunk in its message',
      session: loSession({ after1: [replace('5', './DevInfo/Lang', 'en')] }),
      errors: [
        {
          messageId: 'otherBetweenChunks',
          data: {
            msg: 'Package 2 (MsgID 1)',
            other: 'Replace ./DevInfo/Lang',
            what: 'Replace ./Vendor/Firmware/Pkg',
            chunks: '1',
            s: '',
          },
          messageIndex: 1,
          path: 'SyncBody/Replace[CmdID=5]/Item[1]',
          side: 'server',
        },
      ],
    },
    {
      name: 'a Replace before the second chunk',
      session: loSession({ before2: [replace('5', './DevInfo/Lang', 'en')] }),
      errors: [
        {
          messageId: 'otherBetweenChunks',
          data: {
            msg: 'Package 2 (MsgID 2)',
            other: 'Replace ./DevInfo/Lang',
            what: 'Replace ./Vendor/Firmware/Pkg',
            chunks: '1',
            s: '',
          },
          messageIndex: 3,
          path: 'SyncBody/Replace[CmdID=5]/Item[1]',
          side: 'server',
        },
      ],
    },
  ],
});
