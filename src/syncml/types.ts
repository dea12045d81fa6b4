/**
 * The typed SyncML DM model (SyncML RepPro 1.2, DM RepPro 1.2 §4). Built from the element tree
 * without throwing (src/syncml/model.ts); what is missing or unexpected is a Problem with its
 * element path. Every value is a string as sent: SessionID `0001` stays `0001`.
 */
import type { Element } from '../model/tree.js';
import type { Problem } from '../model/problem.js';
import type { Direction, HttpPart, Origin } from '../model/exchange.js';

/** Target / Source / TargetParent / SourceParent: a LocURI and optional LocName. */
export interface Location {
  locURI?: string;
  locName?: string;
}

/** MetInf values used in DM (MetInf 1.2; docs/dm-facts.md §3.3). Unknown MetInf children are kept in `other`. */
export interface Meta {
  type?: string;
  format?: string;
  size?: string;
  mark?: string;
  nextNonce?: string;
  /** NextNonce as raw bytes when WBXML carried it as OPAQUE (docs/dm-facts.md §1.10). */
  nextNonceBytes?: Uint8Array;
  maxMsgSize?: string;
  maxObjSize?: string;
  version?: string;
  emi?: string[];
  other?: Record<string, string>;
}

/** Data content: text (XML text, STR_I/STR_T, or OPAQUE read as UTF-8), the raw OPAQUE bytes, or nested elements (inline TNDS MgmtTree, embedded WBXML documents). */
export interface Data {
  text: string;
  bytes?: Uint8Array;
  /** Nested document: XML children of Data, or an embedded WBXML document in OPAQUE. */
  element?: Element;
  /** True when the content came as WBXML OPAQUE. */
  opaque: boolean;
  /** True when the XML source wrapped the text in CDATA (kept so that the tree can be written back alike). */
  cdata?: boolean;
}

export interface Cred {
  meta?: Meta;
  data?: Data;
}

export interface Chal {
  meta?: Meta;
}

export interface Item {
  target?: Location;
  source?: Location;
  sourceParent?: Location;
  targetParent?: Location;
  meta?: Meta;
  data?: Data;
  moreData: boolean;
  /** Element path, e.g. `SyncBody/Replace[CmdID=3]/Item[2]`. */
  path: string;
}

/** SyncBody command names of SyncML 1.2; only the first eleven are used in DM (docs/dm-facts.md §3.1). */
export type CommandName =
  | 'Add'
  | 'Alert'
  | 'Atomic'
  | 'Copy'
  | 'Delete'
  | 'Exec'
  | 'Get'
  | 'Replace'
  | 'Sequence'
  | 'Status'
  | 'Results'
  | 'Map'
  | 'Put'
  | 'Search'
  | 'Sync'
  | 'Move';

/**
 * One command. A single shape for all of them: the fields a command does not have stay undefined
 * (`msgRef` only on Status/Results, `commands` only on Atomic/Sequence).
 */
export interface Command {
  name: CommandName | string;
  cmdID?: string;
  noResp: boolean;
  cred?: Cred;
  meta?: Meta;
  items: Item[];
  /** Alert code, Status code; Data of the command itself. */
  data?: string;
  correlator?: string;
  lang?: string;
  // Status and Results
  msgRef?: string;
  cmdRef?: string;
  /** Status: the referenced command's name (`SyncHdr`, `Get`, ...). */
  cmd?: string;
  targetRef: string[];
  sourceRef: string[];
  chal?: Chal;
  /** Atomic / Sequence: the commands inside, in order. */
  commands?: Command[];
  /** Element path, e.g. `SyncBody/Status[CmdID=2]`. */
  path: string;
  /** The element it was built from. */
  element?: Element;
}

export interface SyncHdr {
  verDTD?: string;
  verProto?: string;
  sessionID?: string;
  msgID?: string;
  target?: Location;
  source?: Location;
  respURI?: string;
  noResp: boolean;
  cred?: Cred;
  meta?: Meta;
}

export interface SyncML {
  /** Namespace of the root (`SYNCML:SYNCML1.2`, as sent; compare case-insensitively). */
  namespace: string;
  hdr: SyncHdr;
  /** SyncBody commands in order (Final excluded). */
  body: Command[];
  final: boolean;
}

export type Encoding = 'xml' | 'wbxml';

/** WBXML header facts, kept for display and for re-encoding as received. */
export interface WbxmlHeader {
  version: number;
  /** Numeric public id (0 when given as a literal in the string table). */
  publicId: number;
  /** The FPI when given as a literal. */
  publicIdLiteral?: string;
  charset: number;
}

/** A decoded SyncML DM message: its bytes, its tree, its typed view, its problems and where it came from. */
export interface Message {
  raw: Uint8Array;
  encoding: Encoding;
  tree?: Element;
  syncml?: SyncML;
  problems: Problem[];
  origin: Origin;
  /** client = sent by the device. Taken from HTTP (request/response), the log, or inferred from the message. */
  direction?: Direction;
  /** The HTTP message that carried it, if any. */
  http?: HttpPart;
  wbxml?: WbxmlHeader;
}
