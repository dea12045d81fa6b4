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
          messageId: 'sizeMismatch',
          data: {
            what: 'Replace ./Vendor/Firmware/Pkg',
            declared: '1200',
            msg: 'Package 2 (MsgID 1)',
            chunks: '2',
            got: '1000',
          },
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
          messageId: 'sizeMismatch',
          data: {
            what: 'Replace ./Vendor/Firmware/Pkg',
            declared: '1200',
            msg: 'Package 2 (MsgID 1)',
            chunks: '2',
            got: '1000',
          },
          messageIndex: 3,
          path: 'SyncBody/Replace[CmdID=3]/Item[1]',
          side: 'server',
        },
        {
          messageId: 'not424',
          data: { answer: 'Package 3 (MsgID 3)', what: 'Replace ./Vendor/Firmware/Pkg', code: '200' },
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
        {
          messageId: 'needless424',
          data: { answer: 'Package 3 (MsgID 3)', what: 'Replace ./Vendor/Firmware/Pkg', got: '1000' },
          messageIndex: 4,
          side: 'client',
        },
      ],
    },
  ],
});
