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
          message:
            "the client's MD5 digest in Package 3 (MsgID 3) is identical to the one in Package 1 (MsgID 2), although the Chal in Package 2 (MsgID 2) gave a new NextNonce",
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
          message:
            "the client's MD5 digest in Package 3 (MsgID 3) is not computed with the NextNonce of the Chal in Package 2 (MsgID 2) (it repeats the previous digest, so the old nonce was used)",
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
          message:
            "the client's MD5 digest in Package 1 (MsgID 2) is not computed with the NextNonce of the Chal in Package 2 (MsgID 1)",
          messageIndex: 2,
        },
      ],
    },
  ],
});
