/**
 * A Generic Alert's Correlator echoes the Correlator of the Exec it answers (DM Protocol 1.2 §8.7;
 * SCR DM-PRO-GAlert-C-004; docs/dm-facts.md §3.4, §8.4). The Exec may be in the same session or in an
 * earlier session of the same device with the same server (an asynchronous answer usually comes in a
 * later, client-initiated session): the engine's memory (RuleContext.memory) carries the Execs'
 * Correlators from one session to the next.
 */
import { defineRule } from './util/define.js';
import { commandsOf, describe } from './util/session.js';

/** An Exec's Correlator and where it was sent. */
interface ExecCorrelator {
  correlator: string;
  where: string;
}

/** How many Exec Correlators are kept per device and server for later sessions. */
const KEEP = 32;

const show = (list: readonly ExecCorrelator[]): string => {
  const shown = list.slice(-3).map((e) => `${JSON.stringify(e.correlator)} (${e.where})`);
  return `${list.length > 3 ? `…, ` : ''}${shown.join(', ')}`;
};

export const rule = defineRule({
  id: 'galert-correlator',
  section: '8.7',
  scr: ['DM-PRO-GAlert-C-004'],
  side: 'client',
  severity: 'error',
  description: "A Generic Alert's Correlator matches the Correlator of an Exec the server sent.",
  explanation:
    'When a Generic Alert (1226) answers an Exec asynchronously, its Correlator MUST equal the ' +
    'Correlator of that Exec (DM Protocol 1.2 §8.7, DM-PRO-GAlert-C-004), so that the server can tie the ' +
    "result — a firmware update's outcome, for instance — to the operation it started. " +
    'The Execs with a Correlator are looked for in the same session and in earlier sessions of the same ' +
    'device with the same server in the trace; a Correlator that matches none of them is an error. ' +
    'When the trace holds no Exec with a Correlator at all (the Exec was sent before the capture started), the Correlator cannot be checked: that is reported as information only.',
  messages: {
    noExecInTrace:
      '{{what}} carries Correlator {{correlator}}, but no Exec with a Correlator is in the trace for this device and server (sent before the capture?): it cannot be checked',
    noMatchingExec:
      "{{what}} carries Correlator {{correlator}}, which matches no Exec's Correlator in the trace; the Execs sent {{known}}",
  },
  check(ctx) {
    const session = ctx.session;
    const earlier = ctx.memory?.get<ExecCorrelator[]>() ?? [];
    const execs: ExecCorrelator[] = [];
    for (const sm of session.messages) {
      if (sm.direction !== 'server') continue;
      for (const c of commandsOf(sm)) {
        const corr = c.name === 'Exec' ? c.correlator?.trim() : undefined;
        if (corr)
          execs.push({
            correlator: corr,
            where: `Exec CmdID ${c.cmdID?.trim() ?? '?'} in ${describe(sm)} of session ${session.id}`,
          });
      }
    }
    const known = [...earlier, ...execs];
    for (const sm of session.messages) {
      if (sm.direction !== 'client') continue;
      for (const c of commandsOf(sm)) {
        if (c.name !== 'Alert' || c.data?.trim() !== '1226') continue;
        const corr = c.correlator?.trim();
        if (!corr) continue;
        const what = `the Generic Alert (CmdID ${c.cmdID?.trim() ?? '?'}) in ${describe(sm)}`;
        if (known.length === 0) {
          ctx.report({
            messageId: 'noExecInTrace',
            data: { what, correlator: JSON.stringify(corr) },
            messageIndex: sm.index,
            path: `${c.path}/Correlator`,
            severity: 'info',
          });
          continue;
        }
        if (known.some((e) => e.correlator === corr)) continue;
        ctx.report({
          messageId: 'noMatchingExec',
          data: { what, correlator: JSON.stringify(corr), known: show(known) },
          messageIndex: sm.index,
          path: `${c.path}/Correlator`,
        });
      }
    }
    if (ctx.memory && execs.length > 0) ctx.memory.set(known.slice(-KEEP));
  },
});
export default rule;
