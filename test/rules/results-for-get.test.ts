import rule from '../../src/rules/results-for-get.js';
import { hdrStatus, okSession, pkg1, pkg2, pkg3, pkg4, results, status } from './msgs.js';
import { ruleTester } from './tester.js';

const p3 = (...cmds: string[]) => pkg3({ cmds: [hdrStatus('1', '1', '200', 'server'), ...cmds] });

ruleTester.run(rule, {
  valid: [
    okSession(),
    {
      name: 'a failed Get needs no Results',
      session: [
        pkg1(),
        pkg2(),
        p3(status('2', '1', '4', 'Get', '404'), status('3', '1', '5', 'Replace', '425')),
        pkg4(),
      ],
    },
    {
      name: 'one Item failed, the other has its Results',
      session: [
        pkg1(),
        pkg2(),
        p3(
          status('2', '1', '4', 'Get', '200', '<TargetRef>./DevInfo/Mod</TargetRef>'),
          status('3', '1', '4', 'Get', '404', '<TargetRef>./DevDetail/SwV</TargetRef>'),
          results('4', '1', '4', [['./DevInfo/Mod', 'm']]),
          status('5', '1', '5', 'Replace', '425'),
        ),
        pkg4(),
      ],
    },
  ],
  invalid: [
    {
      name: 'Get answered 200 without Results',
      session: [
        pkg1(),
        pkg2(),
        p3(status('2', '1', '4', 'Get', '200'), status('3', '1', '5', 'Replace', '425')),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'noResults',
          data: { msg: 'Package 3 (MsgID 2)', get: 'Get (CmdID 4, MsgID 1)' },
          messageIndex: 2,
          path: 'SyncBody/Status[CmdID=2]',
          side: 'client',
        },
      ],
    },
    {
      name: 'Results lack an Item answered 200',
      session: [
        pkg1(),
        pkg2(),
        p3(
          status('2', '1', '4', 'Get', '200'),
          results('3', '1', '4', [['./DevInfo/Mod', 'm']]),
          status('4', '1', '5', 'Replace', '425'),
        ),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'noItemFor',
          data: { get: 'Get (CmdID 4, MsgID 1)', uri: './DevDetail/SwV' },
          messageIndex: 2,
          path: 'SyncBody/Results[CmdID=3]',
        },
      ],
    },
    {
      name: 'a Results Item without Source',
      session: [
        pkg1(),
        pkg2(),
        p3(
          status('2', '1', '4', 'Get', '200'),
          results('3', '1', '4', [
            ['./DevInfo/Mod', 'm'],
            ['./DevDetail/SwV', 's'],
          ]).replace('<Source><LocURI>./DevDetail/SwV</LocURI></Source>', ''),
          status('4', '1', '5', 'Replace', '425'),
        ),
        pkg4(),
      ],
      errors: [
        { messageId: 'noItemFor', data: { get: 'Get (CmdID 4, MsgID 1)', uri: './DevDetail/SwV' }, messageIndex: 2 },
        {
          messageId: 'itemNoSource',
          data: { item: '2', cmdId: '3', msg: 'Package 3 (MsgID 2)' },
          messageIndex: 2,
          path: 'SyncBody/Results[CmdID=3]/Item[2]',
          side: 'client',
        },
      ],
    },
  ],
});
