/**
 * Package 3 returns Results for every successful Get; each Results Item names its node in Source
 * LocURI (DM Protocol 8.5 item 4; DM RepPro 4.1.6 Results; docs/dm-facts.md §8.5).
 */
import type { Rule } from './types.js';
import { answersFor, commandsOf, describe, describeCommand, messagesOf, sml, statusCode, uri } from './util/session.js';
import { answerExpected } from './util/status.js';

export const rule: Rule = {
  id: 'results-for-get',
  section: '8.5',
  scr: ['DM-PRO-C-008', 'DM-PRO-C-009'],
  side: 'client',
  severity: 'error',
  description: 'Every successful Get is answered with Results whose Items carry the node URI in Source.',
  explanation:
    'For every Get of the previous package that succeeded (Status 200), Package 3 returns Results with the data (DM Protocol 1.2 §8.5); ' +
    'every Item of the Results has a Source whose LocURI is the URI of the node read (DM RepPro 4.1.6). ' +
    'When the client answers each Item of a Get with its own Status (TargetRef), each Item answered 200 needs its Results Item. ' +
    'Without the Source the server cannot tell which value belongs to which node.',
  check(ctx) {
    const session = ctx.session;
    for (const sm of messagesOf(session, 'server')) {
      if (!answerExpected(session, sm)) continue;
      for (const get of commandsOf(sm)) {
        if (get.name !== 'Get') continue;
        const id = get.cmdID?.trim();
        if (!id) continue;
        const statuses = answersFor(session, sm, id, 'Status');
        const ok = statuses.filter((a) => statusCode(a.command) === '200');
        if (ok.length === 0) continue;
        const results = answersFor(session, sm, id, 'Results');
        const returned = new Set<string>();
        for (const r of results)
          for (const it of r.command.items) {
            const u = uri(it.source);
            if (u) returned.add(u);
          }
        // Which targets were answered 200: those named by TargetRef, or all Items when a 200 names none.
        const wanted = new Set<string>();
        for (const a of ok) {
          if (a.command.targetRef.length === 0)
            for (const it of get.items) {
              const u = uri(it.target);
              if (u) wanted.add(u);
            }
          else for (const t of a.command.targetRef) wanted.add(t.trim());
        }
        const where = ok[0]!.message;
        if (results.length === 0) {
          ctx.report({
            message: `${describe(where)} answers the server's ${describeCommand(get, sm)} with 200 but sends no Results for it`,
            messageIndex: where.index,
            path: ok[0]!.command.path,
          });
          continue;
        }
        if (returned.size > 0) {
          const missing = [...wanted].filter(
            (u) => !returned.has(u) && !returned.has(u.replace(/^\.\//, '')) && !returned.has(`./${u}`),
          );
          for (const u of missing) {
            ctx.report({
              message: `the Results for the server's ${describeCommand(get, sm)} have no Item for ${u}, which was answered 200`,
              messageIndex: results[0]!.message.index,
              path: results[0]!.command.path,
            });
          }
        }
      }
    }
    // Every Results Item names its node (DM RepPro 4.1.6).
    for (const sm of messagesOf(session, 'client')) {
      if (!sml(sm)) continue;
      for (const c of commandsOf(sm)) {
        if (c.name !== 'Results') continue;
        if (c.items.length === 0)
          ctx.report({
            message: `the Results (CmdID ${c.cmdID?.trim() ?? '?'}) in ${describe(sm)} have no Item`,
            messageIndex: sm.index,
            path: c.path,
          });
        c.items.forEach((it, i) => {
          if (uri(it.source)) return;
          ctx.report({
            message: `Item ${i + 1} of the Results (CmdID ${c.cmdID?.trim() ?? '?'}) in ${describe(sm)} has no Source LocURI naming the node`,
            messageIndex: sm.index,
            path: it.path,
          });
        });
      }
    }
  },
};
export default rule;
