/**
 * SyncML representation protocol code pages.
 *
 * Source documents:
 * - SyncML 1.2: OMA-TS-SyncML_RepPro-V1_2 (DTD OMA-TS-SyncML_RepPro_DTD-V1_2), WBXML code page 0;
 *   OMA-TS-SyncML_MetaInfo-V1_2 (DTD OMA-TS-SyncML_MetaInfo_DTD-V1_2), code page 1.
 * - SyncML 1.1: syncml_represent_v11_20020213 / syncml_metinf_v11_20020215 (table stops at 0x34 MoreData).
 * - SyncML 1.0: syncml_represent_v10_20001207 / syncml_metinf_v10_20001207 (table stops at 0x32 VerProto).
 * Cross-checked against libwbxml `sv_syncml_syncml1x_tag_table`, Wireshark `wbxml_syncmlc12_tags_cp0/1`
 * and the SyncML RTK `xlttags.c` (docs/dm-facts.md §1.5, §1.6).
 */
import { NS } from '../../model/tree.js';
import type { TagRow } from './types.js';

/** Page 0 tokens common to SyncML 1.0, 1.1 and 1.2 (0x05–0x32). 0x30 is reserved (docs/dm-facts.md §1.5). */
const SYNCML_BASE = [
  [0x05, 'Add'],
  [0x06, 'Alert'],
  [0x07, 'Archive'],
  [0x08, 'Atomic'],
  [0x09, 'Chal'],
  [0x0a, 'Cmd'],
  [0x0b, 'CmdID'],
  [0x0c, 'CmdRef'],
  [0x0d, 'Copy'],
  [0x0e, 'Cred'],
  [0x0f, 'Data'],
  [0x10, 'Delete'],
  [0x11, 'Exec'],
  [0x12, 'Final'],
  [0x13, 'Get'],
  [0x14, 'Item'],
  [0x15, 'Lang'],
  [0x16, 'LocName'],
  [0x17, 'LocURI'],
  [0x18, 'Map'],
  [0x19, 'MapItem'],
  [0x1a, 'Meta'],
  [0x1b, 'MsgID'],
  [0x1c, 'MsgRef'],
  [0x1d, 'NoResp'],
  [0x1e, 'NoResults'],
  [0x1f, 'Put'],
  [0x20, 'Replace'],
  [0x21, 'RespURI'],
  [0x22, 'Results'],
  [0x23, 'Search'],
  [0x24, 'Sequence'],
  [0x25, 'SessionID'],
  [0x26, 'SftDel'],
  [0x27, 'Source'],
  [0x28, 'SourceRef'],
  [0x29, 'Status'],
  [0x2a, 'Sync'],
  [0x2b, 'SyncBody'],
  [0x2c, 'SyncHdr'],
  [0x2d, 'SyncML'],
  [0x2e, 'Target'],
  [0x2f, 'TargetRef'],
  // 0x30: reserved for future use
  [0x31, 'VerDTD'],
  [0x32, 'VerProto'],
] as const satisfies readonly TagRow[];

/** SyncML 1.0 page 0. */
export const SYNCML10_PAGE0 = SYNCML_BASE;

/** SyncML 1.1 page 0: adds NumberOfChanges and MoreData; stops at 0x34. */
export const SYNCML11_PAGE0 = [
  ...SYNCML_BASE,
  [0x33, 'NumberOfChanges'],
  [0x34, 'MoreData'],
] as const satisfies readonly TagRow[];

/** SyncML 1.2 page 0: adds 0x35–0x3C (filtering, Move, Correlator). */
export const SYNCML12_PAGE0 = [
  ...SYNCML11_PAGE0,
  [0x35, 'Field'],
  [0x36, 'Filter'],
  [0x37, 'Record'],
  [0x38, 'FilterType'],
  [0x39, 'SourceParent'],
  [0x3a, 'TargetParent'],
  [0x3b, 'Move'],
  [0x3c, 'Correlator'],
] as const satisfies readonly TagRow[];

/** MetInf tokens common to 1.0 and 1.1 (0x05–0x15). */
const METINF_BASE = [
  [0x05, 'Anchor'],
  [0x06, 'EMI'],
  [0x07, 'Format'],
  [0x08, 'FreeID'],
  [0x09, 'FreeMem'],
  [0x0a, 'Last'],
  [0x0b, 'Mark'],
  [0x0c, 'MaxMsgSize'],
  [0x0d, 'Mem'],
  [0x0e, 'MetInf'],
  [0x0f, 'Next'],
  [0x10, 'NextNonce'],
  [0x11, 'SharedMem'],
  [0x12, 'Size'],
  [0x13, 'Type'],
  [0x14, 'Version'],
  [0x15, 'MaxObjSize'],
] as const satisfies readonly TagRow[];

/**
 * Device-specific MetInf extensions that Wireshark decodes on page 1 ("extensions on certain
 * devices", not in the MetInf DTD).
 */
const METINF_DEVICE_EXTENSIONS = [
  [0x17, 'FP'],
  [0x18, 'ID'],
  [0x19, 'IDContainer'],
  [0x1a, 'IDPair'],
] as const satisfies readonly TagRow[];

/** MetInf 1.0/1.1 page 1 (plus the device extensions). */
export const METINF11_PAGE1 = [...METINF_BASE, ...METINF_DEVICE_EXTENSIONS] as const satisfies readonly TagRow[];

/** MetInf 1.2 page 1: adds FieldLevel (0x16), plus the device extensions. */
export const METINF12_PAGE1 = [
  ...METINF_BASE,
  [0x16, 'FieldLevel'],
  ...METINF_DEVICE_EXTENSIONS,
] as const satisfies readonly TagRow[];

/** Namespaces of the SyncML pages (docs/dm-facts.md §1.4, §1.9). */
export const SYNCML_NAMESPACES = { '1.0': NS.SyncML10, '1.1': NS.SyncML11, '1.2': NS.SyncML12 } as const;
