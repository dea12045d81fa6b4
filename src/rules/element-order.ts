/**
 * Children in the order of the SyncML 1.2 DTD. Field reality D8/D9: the spec's own examples and
 * hostap reorder them and tolerant peers accept it, so deviations are warnings (docs/dm-facts.md §3.1, §10).
 */
import { defineRule } from './util/define.js';
import type { Element } from '../model/tree.js';
import { childElements } from '../model/tree.js';
import type { Command } from '../syncml/types.js';
import { describe, sml, walkCommands } from './util/session.js';

/** Content models (SyncML RepPro 1.2 DTD, as the RTK structures implement it; docs/dm-facts.md §3.1). */
const ORDER = {
  SyncHdr: ['VerDTD', 'VerProto', 'SessionID', 'MsgID', 'Target', 'Source', 'RespURI', 'NoResp', 'Cred', 'Meta'],
  Status: ['CmdID', 'MsgRef', 'CmdRef', 'Cmd', 'TargetRef', 'SourceRef', 'Cred', 'Chal', 'Data', 'Item'],
  Results: ['CmdID', 'MsgRef', 'CmdRef', 'Meta', 'TargetRef', 'SourceRef', 'Item'],
  Alert: ['CmdID', 'NoResp', 'Cred', 'Data', 'Correlator', 'Item'],
  Add: ['CmdID', 'NoResp', 'Cred', 'Meta', 'Item'],
  Replace: ['CmdID', 'NoResp', 'Cred', 'Meta', 'Item'],
  Delete: ['CmdID', 'NoResp', 'Cred', 'Meta', 'Item'],
  Copy: ['CmdID', 'NoResp', 'Cred', 'Meta', 'Item'],
  Get: ['CmdID', 'NoResp', 'Lang', 'Cred', 'Meta', 'Item'],
  Exec: ['CmdID', 'NoResp', 'Cred', 'Meta', 'Correlator', 'Item'],
  Atomic: ['CmdID', 'NoResp', 'Meta'],
  Sequence: ['CmdID', 'NoResp', 'Meta'],
  Item: ['Target', 'Source', 'SourceParent', 'TargetParent', 'Meta', 'Data', 'MoreData'],
  Cred: ['Meta', 'Data'],
  Target: ['LocURI', 'LocName'],
  Source: ['LocURI', 'LocName'],
} as const satisfies Record<string, readonly string[]>;

/** The first child that comes after one the DTD puts later, with that one. */
function firstDeviation(el: Element): { child: string; after: string } | undefined {
  if (!Object.hasOwn(ORDER, el.name)) return undefined;
  const order = ORDER[el.name as keyof typeof ORDER] as readonly string[];
  let maxIdx = -1;
  let maxName = '';
  for (const c of childElements(el)) {
    // In Atomic and Sequence the commands follow the header elements: rank them last.
    const idx =
      order.indexOf(c.name) >= 0
        ? order.indexOf(c.name)
        : el.name === 'Atomic' || el.name === 'Sequence'
          ? order.length
          : -1;
    if (idx < 0) continue;
    if (idx < maxIdx) return { child: c.name, after: maxName };
    if (idx > maxIdx) {
      maxIdx = idx;
      maxName = c.name;
    }
  }
  return undefined;
}

export const rule = defineRule({
  id: 'element-order',
  section: '8.4',
  scr: ['DM-PRO-C-009', 'DM-PRO-S-006'],
  side: 'both',
  severity: 'warning',
  description: 'Elements follow the child order of the SyncML 1.2 DTD.',
  explanation:
    'The SyncML 1.2 DTD fixes the order of children, e.g. Status is CmdID, MsgRef, CmdRef, Cmd, TargetRef, SourceRef, Cred, Chal, Data, Item (SyncML RepPro; DM Protocol 1.2 §8). ' +
    "The spec's own examples put MsgRef before CmdID and hostap writes Data before TargetRef (docs/dm-facts.md §10 D8, D9); most peers parse in any order, " +
    'but a validating parser, and Windows, require DTD order. Deviations are warnings; each element is reported once, at its first out-of-order child.',
  messages: {
    outOfOrder: '{{name}} in {{msg}} has {{child}} after {{after}}; the DTD order is {{order}}',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      const s = sml(sm);
      const root = sm.message.tree;
      if (!s || !root) continue;
      const report = (el: Element, path: string) => {
        const d = firstDeviation(el);
        if (!d) return;
        const order = (ORDER[el.name as keyof typeof ORDER] as readonly string[]).join(', ');
        ctx.report({
          messageId: 'outOfOrder',
          data: { name: el.name, msg: describe(sm), child: d.child, after: d.after, order },
          messageIndex: sm.index,
          path: `${path}/${d.child}`,
          side: sm.direction,
        });
      };
      const hdr = childElements(root, 'SyncHdr')[0];
      if (hdr) {
        report(hdr, 'SyncHdr');
        for (const name of ['Target', 'Source', 'Cred'] as const) {
          const c = childElements(hdr, name)[0];
          if (c) report(c, `SyncHdr/${name}`);
        }
      }
      const visit = (c: Command) => {
        if (!c.element) return;
        report(c.element, c.path);
        const items = childElements(c.element, 'Item');
        items.forEach((it, i) => {
          const path = c.items[i]?.path ?? `${c.path}/Item[${i + 1}]`;
          report(it, path);
          for (const name of ['Target', 'Source'] as const) {
            const l = childElements(it, name)[0];
            if (l) report(l, `${path}/${name}`);
          }
        });
      };
      for (const c of walkCommands(s.body)) visit(c);
    }
  },
});
export default rule;
