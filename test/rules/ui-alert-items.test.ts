import rule from '../../src/rules/ui-alert-items.js';
import { alert, hdrStatus, pkg1, pkg2, status } from './msgs.js';
import { ruleTester } from './tester.js';

const d = (t: string) => `<Item><Data>${t}</Data></Item>`;
const ui = (code: string, ...items: string[]) => [
  pkg1(),
  pkg2({
    cmds: [
      hdrStatus('1', '1', '212', 'client'),
      status('2', '1', '1', 'Alert', '200'),
      status('3', '1', '2', 'Replace', '200'),
      alert('4', code, items.join('')),
    ],
  }),
];

ruleTester.run(rule, {
  valid: [
    // The AOSP OMA DM engine's test alerts (fixtures/corpus/aosp-omadm/dm12/testalert*.xml), options escaped.
    ui('1100', d('MINDT=15'), d('Testing Display Alert')),
    ui('1101', d('MAXDT=15&amp;DR=1'), d('Testing Confirmation Alert')),
    ui('1103', d('MAXDT=20&amp;DR=2'), d('Testing Single Choice Alert'), d('choice one'), d('choice two')),
    { name: 'empty options Item', session: ui('1102', '<Item/>', d('Your name?')) },
  ],
  invalid: [
    {
      name: 'Display without its text',
      session: ui('1100', d('MINDT=15')),
      errors: [
        {
          messageId: 'itemCount',
          data: {
            name: 'Display',
            cmd: 'Alert 1100 (CmdID 4, MsgID 1)',
            n: '1',
            s: '',
            expect: '2 (options, then the text)',
          },
          messageIndex: 1,
          path: 'SyncBody/Alert[CmdID=4]',
          side: 'server',
          scr: ['DM-PRO-UI-S-001'],
        },
      ],
    },
    {
      name: 'Single Choice without choices',
      session: ui('1103', d(''), d('Pick one')),
      errors: [
        {
          messageId: 'itemCount',
          data: {
            name: 'Single Choice',
            cmd: 'Alert 1103 (CmdID 4, MsgID 1)',
            n: '2',
            s: 's',
            expect: 'at least 3 (options, text, then one per choice)',
          },
          scr: ['DM-PRO-UI-S-004'],
        },
      ],
    },
    {
      name: 'empty text and an empty choice',
      session: ui('1104', d('MAXDT=20'), '<Item><Data></Data></Item>', d('one'), '<Item/>'),
      errors: [
        {
          messageId: 'textNoData',
          data: { name: 'Multiple Choice', cmd: 'Alert 1104 (CmdID 4, MsgID 1)' },
          path: 'SyncBody/Alert[CmdID=4]/Item[2]',
        },
        {
          messageId: 'choiceNoData',
          data: { choice: '2', item: '4', name: 'Multiple Choice', cmd: 'Alert 1104 (CmdID 4, MsgID 1)' },
          path: 'SyncBody/Alert[CmdID=4]/Item[4]',
        },
      ],
    },
  ],
});
