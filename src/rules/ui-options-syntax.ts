/**
 * The option string of a UI alert follows §10.3: `&`-separated, URL-encoded NAME=value pairs;
 * MINDT, MAXDT, MAXLEN positive integers; DR as the alert type allows; IT and ET from their
 * lists; unknown parameters skipped (DM Protocol §10.3; docs/dm-facts.md §4).
 */
import { defineRule } from './util/define.js';
import { ALERT_NAME, UI_ALERTS } from './util/alerts.js';
import { alertCode, commandsOf, describeCommand, messagesOf } from './util/session.js';

const POSITIVE = /^[1-9][0-9]*$/;
const IT = ['A', 'N', 'D', 'T', 'P', 'I'] as const;
const ET = ['T', 'P'] as const;
/** Parameters that only mean something for Text Input (1102). */
const TEXT_INPUT_ONLY = ['MAXLEN', 'IT', 'ET'] as const;

/** Each known option: a check returning what is wrong with its value, if anything (§10.3). */
const PARAMS = {
  MINDT: (v: string) => (POSITIVE.test(v) ? undefined : `MINDT=${v} is not a positive number of seconds`),
  MAXDT: (v: string) => (POSITIVE.test(v) ? undefined : `MAXDT=${v} is not a positive number of seconds`),
  MAXLEN: (v: string) => (POSITIVE.test(v) ? undefined : `MAXLEN=${v} is not a positive integer`),
  IT: (v: string) =>
    (IT as readonly string[]).includes(v) ? undefined : `IT=${v} is not an input type (${IT.join(', ')})`,
  ET: (v: string) =>
    (ET as readonly string[]).includes(v) ? undefined : `ET=${v} is not an echo type (${ET.join(', ')})`,
  DR: (v: string, code: string, choices: number) =>
    Object.hasOwn(DR, code) ? DR[code as keyof typeof DR](v, choices) : undefined,
} as const satisfies Record<string, (value: string, code: string, choices: number) => string | undefined>;

/** The default response per UI alert: Display ignores it, Text Input takes any text (§10.3). */
const DR = {
  '1101': (v: string) =>
    ['0', '1'].includes(v) ? undefined : `DR=${v}: the default response of Confirm or Reject is 0 or 1`,
  '1103': (v: string, choices: number) =>
    POSITIVE.test(v) && Number(v) <= choices ? undefined : `DR=${v} is not one of the ${choices} choices`,
  '1104': (v: string, choices: number) =>
    /^[1-9][0-9]*(-[1-9][0-9]*)*$/.test(v) && v.split('-').every((n) => Number(n) <= choices)
      ? undefined
      : `DR=${v} is not a \`-\`-separated list of the ${choices} choices`,
} as const;

function decode(v: string): string {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return v;
  }
}

export const rule = defineRule({
  id: 'ui-options-syntax',
  section: '10.3',
  scr: ['DM-PRO-S-007', 'DM-PRO-UI-S-001', 'DM-PRO-UI-S-002', 'DM-PRO-UI-S-003', 'DM-PRO-UI-S-004', 'DM-PRO-UI-S-005'],
  side: 'server',
  severity: 'error',
  description: 'The option string of a UI alert (MINDT, MAXDT, DR, MAXLEN, IT, ET) follows the §10.3 syntax.',
  explanation:
    'Item 1 of a user-interaction alert holds its options, URL-encoded `NAME=value` pairs separated by `&`, e.g. `MAXDT=30&DR=1` (DM Protocol 1.2 §10.3). ' +
    'MINDT and MAXDT (seconds) and MAXLEN are positive integers; DR is 0 or 1 for Confirm or Reject, a ' +
    'choice number for Single Choice, `-`-separated numbers for Multiple Choice and any text for Text ' +
    'Input; ' +
    'IT is one of A, N, D, T, P, I and ET one of T, P. Unknown parameters are skipped silently by the client, so they are not reported; ' +
    'MAXLEN, IT and ET on another alert than Text Input are ignored and reported as warnings. In XML the `&` must be escaped as `&amp;`.',
  messages: {
    badOption: 'the {{name}} alert {{cmd}}: {{problem}}',
    notNameValue: 'the {{name}} alert {{cmd}}: option "{{option}}" is not NAME=value',
    textInputOnly: 'the {{name}} alert {{cmd}}: {{option}} applies to Text Input only and is ignored here',
  },
  check(ctx) {
    for (const sm of messagesOf(ctx.session, 'server')) {
      for (const c of commandsOf(sm)) {
        const code = alertCode(c);
        if (!code || !(UI_ALERTS as readonly string[]).includes(code)) continue;
        const opts = c.items[0]?.data?.text.trim();
        if (!opts) continue;
        const name = ALERT_NAME[code as keyof typeof ALERT_NAME];
        const path = `${c.items[0]!.path}/Data`;
        const choices = Math.max(0, c.items.length - 2);
        const place = { messageIndex: sm.index, path };
        const alert = { name, cmd: describeCommand(c, sm) };
        for (const part of opts.split('&')) {
          if (part === '') continue;
          const eq = part.indexOf('=');
          if (eq <= 0) {
            ctx.report({ messageId: 'notNameValue', data: { ...alert, option: part }, ...place, severity: 'warning' });
            continue;
          }
          const key = part.slice(0, eq);
          const value = decode(part.slice(eq + 1));
          const problem = Object.hasOwn(PARAMS, key)
            ? PARAMS[key as keyof typeof PARAMS](value, code, choices)
            : undefined; // unknown parameters are skipped (§10.3)
          if (problem) ctx.report({ messageId: 'badOption', data: { ...alert, problem }, ...place });
          if ((TEXT_INPUT_ONLY as readonly string[]).includes(key) && code !== '1102')
            ctx.report({ messageId: 'textInputOnly', data: { ...alert, option: key }, ...place, severity: 'warning' });
        }
      }
    }
  },
});
export default rule;
