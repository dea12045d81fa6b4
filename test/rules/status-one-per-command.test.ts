import rule from '../../src/rules/status-one-per-command.js';
import { hdrStatus, okSession, pkg1, pkg2, pkg3, pkg4, results, status } from './msgs.js';
import { ruleTester } from './tester.js';

const p3 = (...cmds: string[]) => pkg3({ cmds: [hdrStatus('1', '1', '200', 'server'), ...cmds] });

ruleTester.run(rule, {
  valid: [
    { name: 'one Status per Get Item, told apart by TargetRef (libdmclient)', session: okSession() },
    {
      name: 'one Status for the whole Get',
      session: [
        pkg1(),
        pkg2(),
        p3(
          status('2', '1', '4', 'Get', '200'),
          results('3', '1', '4', [
            ['./DevInfo/Mod', 'm'],
            ['./DevDetail/SwV', 's'],
          ]),
          status('4', '1', '5', 'Replace', '425'),
        ),
        pkg4(),
      ],
    },
  ],
  invalid: [
    {
      name: 'the Replace answered twice',
      session: [
        pkg1(),
        pkg2(),
        p3(
          status('2', '1', '4', 'Get', '404'),
          status('3', '1', '5', 'Replace', '200'),
          status('4', '1', '5', 'Replace', '425'),
        ),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'statusAgain',
          data: {
            msg: 'Package 3 (MsgID 2)',
            what: 'CmdRef 5',
            msgRef: '1',
            code: '425',
            earlier: ', after Status 200 in CmdID 3',
            rule: 'a command gets one Status',
          },
          messageIndex: 2,
          path: 'SyncBody/Status[CmdID=4]',
          side: 'client',
        },
      ],
    },
    {
      name: 'two SyncHdr statuses',
      session: [
        pkg1(),
        pkg2({
          cmds: [
            hdrStatus('1', '1', '212', 'client'),
            hdrStatus('2', '1', '200', 'client'),
            status('3', '1', '1', 'Alert', '200'),
            status('4', '1', '2', 'Replace', '200'),
          ],
        }),
      ],
      errors: [
        {
          messageId: 'statusAgain',
          data: {
            msg: 'Package 2 (MsgID 1)',
            what: 'the SyncHdr',
            msgRef: '1',
            code: '200',
            earlier: ', after Status 212 in CmdID 1',
            rule: 'a SyncHdr gets one Status',
          },
          messageIndex: 1,
          path: 'SyncBody/Status[CmdID=2]',
          side: 'server',
        },
      ],
    },
    {
      name: 'the same Item answered twice',
      session: [
        pkg1(),
        pkg2(),
        p3(
          status('2', '1', '4', 'Get', '200', '<TargetRef>./DevInfo/Mod</TargetRef>'),
          status('3', '1', '4', 'Get', '404', '<TargetRef>./DevInfo/Mod</TargetRef>'),
          status('4', '1', '5', 'Replace', '425'),
        ),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'statusAgain',
          data: {
            msg: 'Package 3 (MsgID 2)',
            what: 'CmdRef 4',
            msgRef: '1',
            code: '404',
            earlier: ', after Status 200 in CmdID 2',
            rule: 'a command gets one Status per Item',
          },
          path: 'SyncBody/Status[CmdID=3]',
        },
      ],
    },
  ],
});
