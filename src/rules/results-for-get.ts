/**
 * Package 3 returns Results for every successful Get; each Results Item names its node in Source
 * LocURI (DM Protocol 8.5 item 4; DM RepPro 4.1.6 Results; docs/dm-facts.md §8.5).
 */
import { defineRule } from './util/define.js';
import { answersFor, commandsOf, describe, describeCommand, messagesOf, sml, statusCode, uri } from './util/session.js';
import { answerExpected } from './util/status.js';

export const rule = defineRule({
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
  messages: {
    noResults: "{{msg}} answers the server's {{get}} with 200 but sends no Results for it",
    noItemFor: "the Results for the server's {{get}} have no Item for {{uri}}, which was answered 200",
    resultsNoItem: 'the Results (CmdID {{cmdId}}) in {{msg}} have no Item',
    itemNoSource: 'Item {{item}} of the Results (CmdID {{cmdId}}) in {{msg}} has no Source LocURI naming the node',
  },
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
            messageId: 'noResults',
            data: { msg: describe(where), get: describeCommand(get, sm) },
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
              messageId: 'noItemFor',
              data: { get: describeCommand(get, sm), uri: u },
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
            messageId: 'resultsNoItem',
            data: { cmdId: c.cmdID?.trim() ?? '?', msg: describe(sm) },
            messageIndex: sm.index,
            path: c.path,
          });
        c.items.forEach((it, i) => {
          if (uri(it.source)) return;
          ctx.report({
            messageId: 'itemNoSource',
            data: { item: i + 1, cmdId: c.cmdID?.trim() ?? '?', msg: describe(sm) },
            messageIndex: sm.index,
            path: it.path,
          });
        });
      }
    }
  },
});
export default rule;
