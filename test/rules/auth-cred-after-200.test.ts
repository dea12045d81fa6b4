import rule from '../../src/rules/auth-cred-after-200.js';
import { okSession } from './msgs.js';
import { md5Round } from './auth.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [
    okSession(),
    md5Round(),
    { name: 'after 212 no Cred is needed', session: md5Round({ retryVerdict: '212', pkg3Cred: null }) },
  ],
  invalid: [
    {
      name: 'Package 3 drops the credentials after a 200',
      session: md5Round({ pkg3Cred: null }),
      errors: [
        {
          messageId: 'credentialsNotResent',
          data: {
            next: 'Package 3 (MsgID 3)',
            side: 'client',
            type: 'md5',
            msg: 'Package 1 (MsgID 2)',
            verdictMsg: 'Package 2 (MsgID 2)',
          },
          messageIndex: 4,
          path: 'SyncHdr',
          side: 'client',
        },
      ],
    },
  ],
});
