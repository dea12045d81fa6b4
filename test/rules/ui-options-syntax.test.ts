import rule from '../../src/rules/ui-options-syntax.js';
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
const choices = [
  d('choice one'),
  d('choice two'),
  d('choice three'),
  d('choice four'),
  d('choice five'),
  d('choice six'),
];
const P = 'SyncBody/Alert[CmdID=4]/Item[1]/Data';

ruleTester.run(rule, {
  valid: [
    ui('1100', d('MINDT=15'), d('Testing Display Alert')),
    ui('1101', d('MAXDT=15&amp;DR=1'), d('Testing Confirmation Alert')),
    // AOSP dm12/testalerttextinput.xml: DR is free text, + is a space.
    ui('1102', d('MAXDT=20&amp;DR=hello+andy!&amp;MAXLEN=30&amp;IT=I&amp;ET=P'), d('Testing Text Input Alert')),
    ui('1104', d('MAXDT=20&amp;DR=2-3'), d('Pick'), ...choices),
    {
      name: 'unknown parameters are skipped, also names of object properties',
      session: ui('1100', d('MINDT=5&amp;X-VENDOR=blue&amp;constructor=1&amp;__proto__=x'), d('Hello')),
    },
  ],
  invalid: [
    {
      // AOSP dm12/testalertconfirmatomic.xml: the & between the options is missing.
      name: 'MAXDT=15DR=1 (real, AOSP)',
      session: ui('1101', d('MAXDT=15DR=1'), d('Testing Confirmation Alert')),
      errors: [
        {
          messageId: 'badOption',
          data: {
            name: 'Confirm or Reject',
            cmd: 'Alert 1101 (CmdID 4, MsgID 1)',
            problem: 'MAXDT=15DR=1 is not a positive number of seconds',
          },
          messageIndex: 1,
          path: P,
          side: 'server',
          severity: 'error',
        },
      ],
    },
    {
      // AOSP dm12/testalertmultiplechoice.xml: a comma where §10.3 separates choices with '-'.
      name: 'DR=1-3,6 (real, AOSP)',
      session: ui('1104', d('MAXDT=20&amp;DR=1-3,6'), d('Testing Multiple Choice Alert'), ...choices),
      errors: [
        {
          messageId: 'badOption',
          data: {
            name: 'Multiple Choice',
            cmd: 'Alert 1104 (CmdID 4, MsgID 1)',
            problem: 'DR=1-3,6 is not a `-`-separated list of the 6 choices',
          },
          path: P,
        },
      ],
    },
    {
      name: 'bad IT, DR out of range, MAXLEN outside Text Input, a bare word',
      session: ui('1103', d('DR=9&amp;MAXLEN=3&amp;IT=X&amp;oops'), d('Pick'), d('a'), d('b')),
      errors: [
        {
          messageId: 'badOption',
          data: {
            name: 'Single Choice',
            cmd: 'Alert 1103 (CmdID 4, MsgID 1)',
            problem: 'DR=9 is not one of the 2 choices',
          },
          severity: 'error',
        },
        {
          messageId: 'textInputOnly',
          data: { name: 'Single Choice', cmd: 'Alert 1103 (CmdID 4, MsgID 1)', option: 'MAXLEN' },
          severity: 'warning',
        },
        {
          messageId: 'badOption',
          data: {
            name: 'Single Choice',
            cmd: 'Alert 1103 (CmdID 4, MsgID 1)',
            problem: 'IT=X is not an input type (A, N, D, T, P, I)',
          },
          severity: 'error',
        },
        {
          messageId: 'textInputOnly',
          data: { name: 'Single Choice', cmd: 'Alert 1103 (CmdID 4, MsgID 1)', option: 'IT' },
          severity: 'warning',
        },
        {
          messageId: 'notNameValue',
          data: { name: 'Single Choice', cmd: 'Alert 1103 (CmdID 4, MsgID 1)', option: 'oops' },
          severity: 'warning',
        },
      ],
    },
  ],
});
