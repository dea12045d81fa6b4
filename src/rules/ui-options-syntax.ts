/**
 * The option string of a UI alert follows §10.3: `&`-separated, URL-encoded NAME=value pairs;
 * MINDT, MAXDT, MAXLEN positive integers; DR as the alert type allows; IT and ET from their
 * lists; unknown parameters skipped (DM Protocol §10.3; dm-facts §4).
 */
import type { Rule } from './types.js';
import { ALERT_NAME, UI_ALERTS } from './util/alerts.js';
import { alertCode, commandsOf, describeCommand, messagesOf } from './util/session.js';

const POSITIVE = /^[1-9][0-9]*$/;
const IT = ['A', 'N', 'D', 'T', 'P', 'I'] as const;
const ET = ['T', 'P'] as const;
/** Parameters that only mean something for Text Input (1102). */
const TEXT_INPUT_ONLY = ['MAXLEN', 'IT', 'ET'] as const;

function decode(v: string): string {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return v;
  }
}

export const rule: Rule = {
  id: 'ui-options-syntax',
  section: '10.3',
  scr: ['DM-PRO-S-007', 'DM-PRO-UI-S-001', 'DM-PRO-UI-S-002', 'DM-PRO-UI-S-003', 'DM-PRO-UI-S-004', 'DM-PRO-UI-S-005'],
  side: 'server',
  severity: 'error',
  description: 'The option string of a UI alert (MINDT, MAXDT, DR, MAXLEN, IT, ET) follows the §10.3 syntax.',
  explanation:
    'Item 1 of a user-interaction alert holds its options, URL-encoded `NAME=value` pairs separated by `&`, e.g. `MAXDT=30&DR=1` (DM Protocol 1.2 §10.3). ' +
    'MINDT and MAXDT (seconds) and MAXLEN are positive integers; DR is 0 or 1 for Confirm or Reject, a choice number for Single Choice, `-`-separated numbers for Multiple Choice and any text for Text Input; ' +
    'IT is one of A, N, D, T, P, I and ET one of T, P. Unknown parameters are skipped silently by the client, so they are not reported; ' +
    'MAXLEN, IT and ET on another alert than Text Input are ignored and reported as warnings. In XML the `&` must be escaped as `&amp;`.',
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
        const bad = (message: string, severity?: 'warning') =>
          ctx.report({ message: `the ${name} alert ${describeCommand(c, sm)}: ${message}`, messageIndex: sm.index, path, ...(severity ? { severity } : {}) });
        for (const part of opts.split('&')) {
          if (part === '') continue;
          const eq = part.indexOf('=');
          if (eq <= 0) {
            bad(`option "${part}" is not NAME=value`, 'warning');
            continue;
          }
          const key = part.slice(0, eq);
          const value = decode(part.slice(eq + 1));
          switch (key) {
            case 'MINDT':
            case 'MAXDT':
              if (!POSITIVE.test(value)) bad(`${key}=${value} is not a positive number of seconds`);
              break;
            case 'MAXLEN':
              if (!POSITIVE.test(value)) bad(`MAXLEN=${value} is not a positive integer`);
              break;
            case 'IT':
              if (!(IT as readonly string[]).includes(value)) bad(`IT=${value} is not an input type (${IT.join(', ')})`);
              break;
            case 'ET':
              if (!(ET as readonly string[]).includes(value)) bad(`ET=${value} is not an echo type (${ET.join(', ')})`);
              break;
            case 'DR':
              if (code === '1101' && !['0', '1'].includes(value)) bad(`DR=${value}: the default response of Confirm or Reject is 0 or 1`);
              if (code === '1103' && (!POSITIVE.test(value) || Number(value) > choices)) bad(`DR=${value} is not one of the ${choices} choices`);
              if (code === '1104' && (!/^[1-9][0-9]*(-[1-9][0-9]*)*$/.test(value) || value.split('-').some((n) => Number(n) > choices))) bad(`DR=${value} is not a \`-\`-separated list of the ${choices} choices`);
              break;
            default:
              break; // unknown parameters are skipped (§10.3)
          }
          if ((TEXT_INPUT_ONLY as readonly string[]).includes(key) && code !== '1102') bad(`${key} applies to Text Input only and is ignored here`, 'warning');
        }
      }
    }
  },
};
export default rule;
