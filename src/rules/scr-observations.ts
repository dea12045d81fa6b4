/**
 * When a trace exercises an SCR item (DM Protocol 1.2 appendix B): per item id, what in a session
 * shows the feature in use, as a small predicate returning the message where it was first seen.
 * An item with no observation here can still be exercised through rules that bear on it (a finding
 * names the item). Sections in the comments are those of the SCR tables' `reference` column.
 */
import type { Direction } from '../model/exchange.js';
import type { Command, Item, SyncML } from '../syncml/types.js';
import type { Session, SessionMessage } from '../session/types.js';
import { allCommands, ALERT } from '../session/inspect.js';

/** Where an observation saw the feature: a message index, or the session as a whole (Package 0). */
export type Seen = number | 'session' | undefined;

export interface Observation {
  /** SCR item id. */
  item: string;
  /** What was seen, for the report (`client sent Alert 1201`). */
  what: string;
  observe(s: Session): Seen;
}

type Pred = (sm: SyncML, m: SessionMessage, s: Session) => boolean;

/** The first message from `dir` (or either side) that satisfies `pred`. */
function first(s: Session, dir: Direction | undefined, pred: Pred): number | undefined {
  for (const m of s.messages) {
    if (dir && m.direction !== dir) continue;
    const sm = m.message.syncml;
    if (sm && pred(sm, m, s)) return m.index;
  }
  return undefined;
}

/** The first message from `dir` satisfying `pred` that the peer answered afterwards. */
function answered(s: Session, dir: Direction, pred: Pred): number | undefined {
  const i = first(s, dir, pred);
  if (i === undefined) return undefined;
  return s.messages.some((m) => m.index > i && m.direction !== dir) ? i : undefined;
}

const cmds = (sm: SyncML): Command[] => allCommands(sm.body);
const alert = (code: string) => (sm: SyncML) => cmds(sm).some((c) => c.name === 'Alert' && c.data?.trim() === code);
const items = (sm: SyncML): Item[] => cmds(sm).flatMap((c) => c.items);
const chunked = (sm: SyncML) => items(sm).some((i) => i.moreData);
const genericAlerts = (sm: SyncML) =>
  cmds(sm).filter((c) => c.name === 'Alert' && c.data?.trim() === ALERT.genericAlert);
const mgmtCommands = ['Add', 'Copy', 'Delete', 'Exec', 'Get', 'Replace', 'Atomic', 'Sequence'] as const;
const hasMgmt = (sm: SyncML) => sm.body.some((c) => (mgmtCommands as readonly string[]).includes(c.name));
const uiAlert = (codes: readonly string[]) => (sm: SyncML) =>
  cmds(sm).some((c) => c.name === 'Alert' && codes.includes(c.data?.trim() ?? ''));
const uiCodes = ['1100', '1101', '1102', '1103', '1104'] as const;
/** A message that is not the last of its package: no Final, and not an abort (§6.2). */
const multiMessage = (sm: SyncML) => !sm.final && !alert(ALERT.sessionAbort)(sm);
const hasStatus = (sm: SyncML) => sm.body.some((c) => c.name === 'Status');
const maxObjSize = (sm: SyncML) => sm.hdr.meta?.maxObjSize !== undefined;
/** A message from `dir` sent after the peer announced MaxObjSize. */
const afterPeerMaxObjSize = (s: Session, dir: Direction): number | undefined => {
  const peer = dir === 'client' ? 'server' : 'client';
  const i = first(s, peer, maxObjSize);
  if (i === undefined) return undefined;
  return s.messages.find((m) => m.index > i && m.direction === dir)?.index;
};
const pkg = (n: number) => (_sm: SyncML, m: SessionMessage) => m.package === n;

/** The observation table. Order follows the SCR tables. */
export const observations: readonly Observation[] = [
  // B.1 client — general
  { item: 'DM-PRO-C-001', what: 'client sent Package 1', observe: (s) => first(s, 'client', pkg(1)) },
  {
    item: 'DM-PRO-C-002',
    what: 'a session abort (Alert 1223)',
    observe: (s) => first(s, undefined, alert(ALERT.sessionAbort)),
  },
  {
    item: 'DM-PRO-C-003',
    what: 'client sent a package over several messages or pulled one with Alert 1222',
    observe: (s) => first(s, 'client', (sm) => multiMessage(sm) || alert(ALERT.nextMessage)(sm)),
  },
  {
    item: 'DM-PRO-C-004',
    what: 'client sent an object in chunks (MoreData)',
    observe: (s) => first(s, 'client', chunked),
  },
  { item: 'DM-PRO-C-005', what: 'client sent Package 3', observe: (s) => first(s, 'client', pkg(3)) },
  {
    item: 'DM-PRO-C-006',
    what: 'server sent management commands, answered by the client',
    observe: (s) => answered(s, 'server', hasMgmt),
  },
  {
    item: 'DM-PRO-C-007',
    what: 'server sent a user-interaction alert, answered by the client',
    observe: (s) => answered(s, 'server', uiAlert(uiCodes)),
  },
  {
    item: 'DM-PRO-C-008',
    what: 'client sent Status/Results for management operations',
    observe: (s) =>
      answered(s, 'server', hasMgmt) !== undefined
        ? first(s, 'client', (sm, m) => (m.package ?? 0) >= 3 && hasStatus(sm))
        : undefined,
  },
  { item: 'DM-PRO-C-009', what: 'client sent a SyncML message', observe: (s) => first(s, 'client', () => true) },
  {
    item: 'DM-PRO-C-010',
    what: 'client sent Alert 1224 or 1226',
    observe: (s) => first(s, 'client', (sm) => alert('1224')(sm) || alert(ALERT.genericAlert)(sm)),
  },
  {
    item: 'DM-PRO-C-011',
    what: 'client sent a Generic Alert (1226)',
    observe: (s) => first(s, 'client', alert(ALERT.genericAlert)),
  },
  // B.1 client — session setup (§8)
  {
    item: 'DM-PRO-Session-C-001',
    what: 'a Package 0 notification started the session',
    observe: (s) => (s.notification ? 'session' : undefined),
  },
  { item: 'DM-PRO-Session-C-002', what: 'client sent Package 1', observe: (s) => first(s, 'client', pkg(1)) },
  {
    item: 'DM-PRO-Session-C-003',
    what: 'client sent Alert 1200',
    observe: (s) => first(s, 'client', alert(ALERT.serverInitiated)),
  },
  {
    item: 'DM-PRO-Session-C-004',
    what: 'client sent Alert 1201',
    observe: (s) => first(s, 'client', alert(ALERT.clientInitiated)),
  },
  { item: 'DM-PRO-Session-C-005', what: 'client sent Package 1', observe: (s) => first(s, 'client', pkg(1)) },
  // B.1 client — session abort (§8.1)
  {
    item: 'DM-PRO-Abort-C-001',
    what: 'client sent Alert 1223',
    observe: (s) => first(s, 'client', alert(ALERT.sessionAbort)),
  },
  {
    item: 'DM-PRO-Abort-C-002',
    what: 'server sent Alert 1223',
    observe: (s) => first(s, 'server', alert(ALERT.sessionAbort)),
  },
  {
    item: 'DM-PRO-Abort-C-003',
    what: "client's abort carried Status",
    observe: (s) => first(s, 'client', (sm) => alert(ALERT.sessionAbort)(sm) && hasStatus(sm)),
  },
  {
    item: 'DM-PRO-Abort-C-004',
    what: 'client sent Alert 1223',
    observe: (s) => first(s, 'client', alert(ALERT.sessionAbort)),
  },
  {
    item: 'DM-PRO-Abort-C-005',
    what: "the server answered the client's abort",
    observe: (s) => answered(s, 'client', alert(ALERT.sessionAbort)),
  },
  // B.1 client — multiple messages (§6.2)
  {
    item: 'DM-PRO-Mul-C-001',
    what: 'client sent a package over several messages',
    observe: (s) => first(s, 'client', multiMessage),
  },
  {
    item: 'DM-PRO-Mul-C-002',
    what: 'client sent a package over several messages',
    observe: (s) => first(s, 'client', multiMessage),
  },
  // B.1 client — large objects (§7)
  {
    item: 'DM-PRO-LO-C-001',
    what: 'server sent a chunk, answered by the client (213 expected)',
    observe: (s) => answered(s, 'server', chunked),
  },
  {
    item: 'DM-PRO-LO-C-002',
    what: 'server sent a chunked object, answered by the client',
    observe: (s) => answered(s, 'server', chunked),
  },
  { item: 'DM-PRO-LO-C-003', what: 'client sent chunks', observe: (s) => first(s, 'client', chunked) },
  {
    item: 'DM-PRO-LO-C-004',
    what: 'client reported ./DevDetail/LrgObj',
    observe: (s) =>
      first(s, 'client', (sm) => items(sm).some((i) => /DevDetail\/LrgObj$/.test(i.source?.locURI ?? ''))),
  },
  { item: 'DM-PRO-LO-C-005', what: 'client sent chunks', observe: (s) => first(s, 'client', chunked) },
  { item: 'DM-PRO-LO-C-006', what: 'client sent chunks', observe: (s) => first(s, 'client', chunked) },
  { item: 'DM-PRO-LO-C-007', what: 'client sent MaxObjSize', observe: (s) => first(s, 'client', maxObjSize) },
  {
    item: 'DM-PRO-LO-C-008',
    what: 'client sent messages after the server announced MaxObjSize',
    observe: (s) => afterPeerMaxObjSize(s, 'client'),
  },
  { item: 'DM-PRO-LO-C-009', what: 'client sent chunks', observe: (s) => first(s, 'client', chunked) },
  {
    item: 'DM-PRO-LO-C-010',
    what: 'server sent a chunked object, answered by the client',
    observe: (s) => answered(s, 'server', chunked),
  },
  // B.1 client — user interaction (§10)
  ...uiCodes.map((code, i) => ({
    item: `DM-PRO-UI-C-00${i + 1}`,
    what: `server sent Alert ${code}, answered by the client`,
    observe: (s: Session) => answered(s, 'server', uiAlert([code])),
  })),
  {
    item: 'DM-PRO-UI-C-006',
    what: 'server sent a user-interaction alert, answered by the client',
    observe: (s) => answered(s, 'server', uiAlert(uiCodes)),
  },
  // B.1 client — generic alert (§8.7)
  {
    item: 'DM-PRO-GAlert-C-001',
    what: 'client sent a Generic Alert with a Source (related to a management object)',
    observe: (s) => first(s, 'client', (sm) => genericAlerts(sm).some((c) => c.items.some((i) => i.source?.locURI))),
  },
  {
    item: 'DM-PRO-GAlert-C-002',
    what: 'client sent a Generic Alert without a Source',
    observe: (s) => first(s, 'client', (sm) => genericAlerts(sm).some((c) => c.items.some((i) => !i.source?.locURI))),
  },
  {
    item: 'DM-PRO-GAlert-C-003',
    what: 'client sent a Generic Alert with a Source LocURI',
    observe: (s) => first(s, 'client', (sm) => genericAlerts(sm).some((c) => c.items.some((i) => i.source?.locURI))),
  },
  {
    item: 'DM-PRO-GAlert-C-004',
    what: 'client sent a Generic Alert with a Correlator',
    observe: (s) => first(s, 'client', (sm) => genericAlerts(sm).some((c) => c.correlator !== undefined)),
  },
  {
    item: 'DM-PRO-GAlert-C-005',
    what: 'client sent a Generic Alert',
    observe: (s) => first(s, 'client', (sm) => genericAlerts(sm).length > 0),
  },
  {
    item: 'DM-PRO-GAlert-C-006',
    what: 'client sent a Generic Alert with Mark',
    observe: (s) =>
      first(s, 'client', (sm) => genericAlerts(sm).some((c) => c.items.some((i) => i.meta?.mark !== undefined))),
  },

  // B.2 server — general
  {
    item: 'DM-PRO-S-001',
    what: 'server answered Package 1 with Package 2',
    observe: (s) => first(s, 'server', pkg(2)),
  },
  {
    item: 'DM-PRO-S-002',
    what: 'a session abort (Alert 1223)',
    observe: (s) => first(s, undefined, alert(ALERT.sessionAbort)),
  },
  {
    item: 'DM-PRO-S-003',
    what: 'server sent a package over several messages or answered Alert 1222',
    observe: (s) => first(s, 'server', multiMessage) ?? answered(s, 'client', alert(ALERT.nextMessage)),
  },
  { item: 'DM-PRO-S-004', what: 'a large object was transferred', observe: (s) => first(s, undefined, chunked) },
  { item: 'DM-PRO-S-005', what: 'server sent management commands', observe: (s) => first(s, 'server', hasMgmt) },
  { item: 'DM-PRO-S-006', what: 'server sent management commands', observe: (s) => first(s, 'server', hasMgmt) },
  {
    item: 'DM-PRO-S-007',
    what: 'server sent a user-interaction alert',
    observe: (s) => first(s, 'server', uiAlert(uiCodes)),
  },
  {
    item: 'DM-PRO-S-008',
    what: 'server sent Status for client commands',
    observe: (s) => first(s, 'server', hasStatus),
  },
  {
    item: 'DM-PRO-S-009',
    what: "server answered a client's Generic Alert",
    observe: (s) =>
      answered(s, 'client', alert(ALERT.genericAlert)) !== undefined
        ? first(s, 'server', (_sm, m) => m.index > (first(s, 'client', alert(ALERT.genericAlert)) ?? Infinity))
        : undefined,
  },
  {
    item: 'DM-PRO-S-010',
    what: 'application-layer credentials or a challenge were exchanged',
    observe: (s) => first(s, undefined, (sm) => sm.hdr.cred !== undefined || sm.body.some((c) => c.chal !== undefined)),
  },
  // B.2 server — session setup
  {
    item: 'DM-PRO-Session-S-001',
    what: 'a Package 0 notification started the session',
    observe: (s) => (s.notification ? 'session' : undefined),
  },
  {
    item: 'DM-PRO-Session-S-002',
    what: 'server answered Package 1 with Package 2',
    observe: (s) => first(s, 'server', pkg(2)),
  },
  // B.2 server — session abort
  {
    item: 'DM-PRO-Abort-S-001',
    what: 'server sent Alert 1223',
    observe: (s) => first(s, 'server', alert(ALERT.sessionAbort)),
  },
  {
    item: 'DM-PRO-Abort-S-002',
    what: 'client sent Alert 1223',
    observe: (s) => first(s, 'client', alert(ALERT.sessionAbort)),
  },
  {
    item: 'DM-PRO-Abort-S-003',
    what: "server's abort carried Status",
    observe: (s) => first(s, 'server', (sm) => alert(ALERT.sessionAbort)(sm) && hasStatus(sm)),
  },
  {
    item: 'DM-PRO-Abort-S-004',
    what: 'server sent Alert 1223',
    observe: (s) => first(s, 'server', alert(ALERT.sessionAbort)),
  },
  {
    item: 'DM-PRO-Abort-S-005',
    what: "the client answered the server's abort",
    observe: (s) => answered(s, 'server', alert(ALERT.sessionAbort)),
  },
  // B.2 server — multiple messages
  {
    item: 'DM-PRO-Mul-S-001',
    what: 'server sent a package over several messages',
    observe: (s) => first(s, 'server', multiMessage),
  },
  {
    item: 'DM-PRO-Mul-S-002',
    what: 'server sent a package over several messages',
    observe: (s) => first(s, 'server', multiMessage),
  },
  // B.2 server — large objects
  {
    item: 'DM-PRO-LO-S-001',
    what: 'client sent a chunk, answered by the server (213 expected)',
    observe: (s) => answered(s, 'client', chunked),
  },
  {
    item: 'DM-PRO-LO-S-002',
    what: 'client sent a chunked object, answered by the server',
    observe: (s) => answered(s, 'client', chunked),
  },
  { item: 'DM-PRO-LO-S-003', what: 'server sent chunks', observe: (s) => first(s, 'server', chunked) },
  { item: 'DM-PRO-LO-S-004', what: 'server sent chunks', observe: (s) => first(s, 'server', chunked) },
  { item: 'DM-PRO-LO-S-005', what: 'server sent chunks', observe: (s) => first(s, 'server', chunked) },
  { item: 'DM-PRO-LO-S-006', what: 'server sent MaxObjSize', observe: (s) => first(s, 'server', maxObjSize) },
  {
    item: 'DM-PRO-LO-S-007',
    what: 'server sent messages after the client announced MaxObjSize',
    observe: (s) => afterPeerMaxObjSize(s, 'server'),
  },
  { item: 'DM-PRO-LO-S-008', what: 'server sent chunks', observe: (s) => first(s, 'server', chunked) },
  {
    item: 'DM-PRO-LO-S-009',
    what: 'client sent a chunked object, answered by the server',
    observe: (s) => answered(s, 'client', chunked),
  },
  // B.2 server — user interaction
  ...uiCodes.map((code, i) => ({
    item: `DM-PRO-UI-S-00${i + 1}`,
    what: `server sent Alert ${code}`,
    observe: (s: Session) => first(s, 'server', uiAlert([code])),
  })),
  {
    item: 'DM-PRO-UI-S-006',
    what: 'server sent a user-interaction alert',
    observe: (s) => first(s, 'server', uiAlert(uiCodes)),
  },
  // B.2 server — generic alert
  {
    item: 'DM-PRO-GAlert-S-001',
    what: "server answered a client's Generic Alert",
    observe: (s) =>
      answered(s, 'client', alert(ALERT.genericAlert)) !== undefined
        ? first(s, 'server', (_sm, m) => m.index > (first(s, 'client', alert(ALERT.genericAlert)) ?? Infinity))
        : undefined,
  },
  // DM-PRO-GAlert-S-002 (perform the action the alert asks for) cannot be seen on the wire.
];
