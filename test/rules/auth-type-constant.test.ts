import rule from '../../src/rules/auth-type-constant.js';
import { basicCred, chal, okSession } from './msgs.js';
import { md5Round } from './auth.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [okSession(), md5Round()],
  invalid: [
    {
      name: 'an MD5 challenge answered with Basic',
      session: md5Round({ retryCred: basicCred(), pkg3Cred: basicCred() }),
      errors: [
        {
          messageId: 'wrongTypeForChallenge',
          data: { msg: 'Package 1 (MsgID 2)', code: '407', want: 'md5', chalMsg: 'Package 2 (MsgID 1)', type: 'basic' },
          messageIndex: 2,
          path: 'SyncHdr/Cred/Meta/Type',
          side: 'client',
        },
      ],
    },
    {
      name: 'switching to Basic after MD5 was accepted',
      session: md5Round({ pkg3Cred: basicCred(), retryChal: chal('syncml:auth-md5', 'bmV4dA==') }),
      errors: [
        {
          messageId: 'typeChanged',
          data: { msg: 'Package 3 (MsgID 3)', type: 'basic', accepted: 'md5', acceptedAt: '3' },
          messageIndex: 4,
          side: 'client',
        },
      ],
    },
  ],
});
