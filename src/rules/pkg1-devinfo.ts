/**
 * Device information goes in the first message of Package 1 in a Replace: CmdID, one Item per
 * ./DevInfo node with Source LocURI and Data (DM Protocol 8.3; DM StdObj ./DevInfo; docs/dm-facts.md §8.1, §9).
 */
import { defineRule } from './util/define.js';
import { commandsOf, describe, uri } from './util/session.js';

/** Leaves of ./DevInfo every client has (DM StdObj 1.2 §5.3). */
const REQUIRED_LEAVES = [
  './DevInfo/DevId',
  './DevInfo/Man',
  './DevInfo/Mod',
  './DevInfo/DmV',
  './DevInfo/Lang',
] as const;

function isDevInfo(u: string | undefined): boolean {
  return (
    u !== undefined && (u === './DevInfo' || u.startsWith('./DevInfo/') || u === 'DevInfo' || u.startsWith('DevInfo/'))
  );
}

export const rule = defineRule({
  id: 'pkg1-devinfo',
  section: '8.3',
  scr: ['DM-PRO-Session-C-005', 'DM-PRO-Session-C-002'],
  side: 'client',
  severity: 'error',
  description:
    'The first message of Package 1 sends ./DevInfo in a Replace: CmdID, one Item per node with Source LocURI and Data.',
  explanation:
    'The client sends its device information in the first message of every Package 1 (also when it resends Package 1 after a challenge), ' +
    'in a Replace command with a CmdID; each Item is one node of the ./DevInfo tree, its Source LocURI the node URI and its Data the value (DM Protocol 1.2 §8.3). ' +
    'The leaves DevId, Man, Mod, DmV and Lang are mandatory in ./DevInfo (DM StdObj); the server identifies the device by them.',
  messages: {
    noDevInfo: '{{msg}} does not send ./DevInfo: the first message of Package 1 needs a Replace with the DevInfo nodes',
    noCmdId: 'the DevInfo Replace of {{msg}} has no CmdID',
    itemNoSource: 'Item {{item}} of the DevInfo Replace in {{msg}} has no Source LocURI{{hint}}',
    itemNoData: 'Item {{item}} of the DevInfo Replace in {{msg}} ({{uri}}) has no Data',
    missingNodes: 'the DevInfo Replace of {{msg}} lacks the mandatory node{{s}} {{nodes}}',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      if (sm.direction !== 'client' || sm.package !== 1 || !sm.packageStart || !sm.message.syncml) continue;
      const replaces = commandsOf(sm).filter(
        (c) => c.name === 'Replace' && c.items.some((it) => isDevInfo(uri(it.source)) || isDevInfo(uri(it.target))),
      );
      if (replaces.length === 0) {
        ctx.report({
          messageId: 'noDevInfo',
          data: { msg: describe(sm) },
          messageIndex: sm.index,
          path: 'SyncBody',
        });
        continue;
      }
      const sent = new Set<string>();
      for (const r of replaces) {
        if (!r.cmdID?.trim())
          ctx.report({
            messageId: 'noCmdId',
            data: { msg: describe(sm) },
            messageIndex: sm.index,
            path: r.path,
          });
        r.items.forEach((it, i) => {
          const src = uri(it.source);
          if (src === undefined) {
            const tgt = uri(it.target);
            ctx.report({
              messageId: 'itemNoSource',
              data: {
                item: i + 1,
                msg: describe(sm),
                hint: tgt ? ` (it uses Target ${tgt}; the node URI goes in Source)` : '',
              },
              messageIndex: sm.index,
              path: it.path,
            });
          } else sent.add(src);
          if (!it.data) {
            ctx.report({
              messageId: 'itemNoData',
              data: { item: i + 1, msg: describe(sm), uri: src ?? 'no URI' },
              messageIndex: sm.index,
              path: it.path,
            });
          }
        });
      }
      const missing = REQUIRED_LEAVES.filter((l) => !sent.has(l) && !sent.has(l.slice(2)));
      if (missing.length > 0 && sent.size > 0) {
        ctx.report({
          messageId: 'missingNodes',
          data: { msg: describe(sm), s: missing.length > 1 ? 's' : '', nodes: missing.join(', ') },
          messageIndex: sm.index,
          path: replaces[0]!.path,
        });
      }
    }
  },
});
export default rule;
