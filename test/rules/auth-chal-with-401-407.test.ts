import rule from '../../src/rules/auth-chal-with-401-407.js';
import { okSession } from './msgs.js';
import { md5Round, NONCE1, digest } from './auth.js';
import { chal, md5Cred } from './msgs.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [
    okSession(),
    md5Round(),
    {
      name: '401 with a fresh nonce',
      session: md5Round({ retryVerdict: '401', retryChal: chal('syncml:auth-md5', 'ZnJlc2g=') }),
    },
  ],
  invalid: [
    {
      name: '407 without Chal',
      session: md5Round({ challenge: '' }),
      errors: [
        {
          messageId: 'noChal',
          data: { code: '407', cmdId: '1', msg: 'Package 2 (MsgID 1)' },
          messageIndex: 1,
          path: 'SyncBody/Status[CmdID=1]',
          side: 'server',
        },
      ],
    },
    {
      name: '401 repeating the refused nonce',
      session: md5Round({
        retryCred: md5Cred(digest(NONCE1, 'wrong')),
        retryVerdict: '401',
        retryChal: chal('syncml:auth-md5', NONCE1),
      }),
      errors: [
        {
          messageId: 'sameNonce',
          data: { msg: 'Package 2 (MsgID 2)' },
          messageIndex: 3,
          path: 'SyncBody/Status[CmdID=1]/Chal',
          side: 'server',
        },
      ],
    },
  ],
});
