/**
 * Large objects only with a client that says it supports them: a client whose Results show
 * ./DevDetail/LrgObj = false does not send chunked objects, and a server does not send chunks to it
 * (DM Protocol 1.2 §7; DM Standardized Objects DevDetail; SCR DM-PRO-LO-C-004; docs/dm-facts.md §8.2).
 * The value may come from an earlier session of the same device with the same server
 * (RuleContext.memory) or later in the same session.
 */
import type { Session, SessionMessage } from '../session/types.js';
import { defineRule } from './util/define.js';
import { chunkedObjects } from './util/chunks.js';
import { commandsOf, describe, uri } from './util/session.js';

/** What the client said about ./DevDetail/LrgObj, and where. */
interface LrgObjValue {
  value: string;
  where: string;
  /** Index of the message in the current session (undefined when from an earlier session). */
  index?: number;
}

/** `./DevDetail/LrgObj` however the client writes the path (relative, absolute URI, no `./`). */
const LRGOBJ = /(?:^|\/)DevDetail\/LrgObj$/i;

/** The client's statements of ./DevDetail/LrgObj in this session (Results, or a Replace it sends), in order. */
function statements(session: Session): LrgObjValue[] {
  const out: LrgObjValue[] = [];
  for (const sm of session.messages) {
    if (sm.direction !== 'client') continue;
    for (const c of commandsOf(sm)) {
      if (c.name !== 'Results' && c.name !== 'Replace') continue;
      for (const item of c.items) {
        const u = uri(item.source) ?? uri(item.target);
        const v = item.data?.text.trim().toLowerCase();
        if (!u || !LRGOBJ.test(u) || (v !== 'true' && v !== 'false')) continue;
        out.push({ value: v, where: `the ${c.name} in ${describe(sm)} of session ${session.id}`, index: sm.index });
      }
    }
  }
  return out;
}

/** The value in force for a chunk sent in `sm`: the latest statement up to its message, else the first one of the session after it, else the earlier session's. */
function valueFor(sm: SessionMessage, own: LrgObjValue[], earlier: LrgObjValue | undefined): LrgObjValue | undefined {
  const before = own.filter((s) => (s.index ?? -1) <= sm.index);
  return before[before.length - 1] ?? earlier ?? own[0];
}

export const rule = defineRule({
  id: 'lo-devdetail-lrgobj',
  section: '7',
  scr: ['DM-PRO-LO-C-004', 'DM-PRO-S-004'],
  side: 'both',
  severity: 'warning',
  description: 'No chunked object (MoreData) from or to a client whose ./DevDetail/LrgObj is false.',
  explanation:
    'A client advertises large-object support in ./DevDetail/LrgObj (DM Protocol 1.2 §7, ' +
    'DM-PRO-LO-C-004; docs/dm-facts.md §8.2). When its Results in the trace — in this session or an ' +
    'earlier session of the same device with the same server — show LrgObj = false, ' +
    'a client that then sends chunked objects (MoreData) contradicts its own DevDetail, and a server ' +
    'that sends chunks to it ignores what the client said and risks a refused or half-applied object. ' +
    'Either the client fixes LrgObj (true when it handles chunks) or the sender keeps objects within one message. Reported as a warning: the value may have changed between sessions.',
  messages: {
    clientChunks:
      'the client sends {{what}} in chunks (MoreData) from {{msg}}, although it gave ./DevDetail/LrgObj = false ({{where}})',
    serverChunks:
      'the server sends {{what}} in chunks (MoreData) from {{msg}} to a client that gave ./DevDetail/LrgObj = false ({{where}})',
  },
  check(ctx) {
    const session = ctx.session;
    const earlier = ctx.memory?.get<LrgObjValue>();
    const own = statements(session);
    for (const o of chunkedObjects(session)) {
      const first = o.chunks[0]!;
      const v = valueFor(first.sm, own, earlier);
      if (v?.value !== 'false') continue;
      const what = `${first.command.name} ${uri(first.item.target) ?? uri(first.item.source) ?? ''}`.trim();
      ctx.report({
        messageId: o.direction === 'client' ? 'clientChunks' : 'serverChunks',
        data: { what, msg: describe(first.sm), where: v.where },
        messageIndex: first.sm.index,
        path: `${first.item.path}/MoreData`,
        side: o.direction,
      });
    }
    const last = own[own.length - 1];
    if (last && ctx.memory) ctx.memory.set({ value: last.value, where: last.where } satisfies LrgObjValue);
  },
});
export default rule;
