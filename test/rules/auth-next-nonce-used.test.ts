import rule from '../../src/rules/auth-next-nonce-used.js';
import { md5Cred, okSession } from './msgs.js';
import { credentials, digest, md5Round, NONCE1 } from './auth.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [
    okSession(),
    md5Round(),
    { name: 'verified with the configured password', session: md5Round(), credentials: credentials() },
  ],
  invalid: [
    {
      name: 'without credentials: the same digest again',
      session: md5Round({ pkg3Cred: md5Cred(digest(NONCE1)) }),
      errors: [
        {
          messageId: 'digestRepeated',
          data: {
            side: 'client',
            next: 'Package 3 (MsgID 3)',
            msg: 'Package 1 (MsgID 2)',
            chalMsg: 'Package 2 (MsgID 2)',
          },
          messageIndex: 4,
          path: 'SyncHdr/Cred/Data',
          side: 'client',
        },
      ],
    },
    {
      name: 'with credentials: the old nonce',
      session: md5Round({ pkg3Cred: md5Cred(digest(NONCE1)) }),
      credentials: credentials(),
      errors: [
        {
          messageId: 'notNextNonce',
          data: {
            side: 'client',
            next: 'Package 3 (MsgID 3)',
            chalMsg: 'Package 2 (MsgID 2)',
            reused: ' (it repeats the previous digest, so the old nonce was used)',
          },
          messageIndex: 4,
          side: 'client',
        },
      ],
    },
    {
      name: 'the retry ignores the challenge nonce',
      session: md5Round({ retryCred: md5Cred(digest(Buffer.from('stale').toString('base64'))) }),
      credentials: credentials(),
      errors: [
        {
          messageId: 'notNextNonce',
          data: { side: 'client', next: 'Package 1 (MsgID 2)', chalMsg: 'Package 2 (MsgID 1)', reused: '' },
          messageIndex: 2,
        },
      ],
    },
  ],
});
