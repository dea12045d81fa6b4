/**
 * SyncML Device Information code pages (DS only; DM uses the ./DevInfo MO instead).
 *
 * Source documents: OMA-SyncML-Device_Information-DTD-1.2 (DevInf 1.2, public id 0x1203) and
 * devinf_v11_20020215 (DevInf 1.1, public id 0x0FD4), WBXML code page 0 of their own document.
 * Cross-checked against libwbxml `sv_syncml_devinf1x_tag_table` and the SyncML RTK devinf table
 * (docs/dm-facts.md §1.8).
 */
import type { TagRow } from './types.js';

/** Tokens shared by DevInf 1.1 and 1.2 except 0x1C, which was renamed. */
const DEVINF_BASE = [
  [0x05, 'CTCap'],
  [0x06, 'CTType'],
  [0x07, 'DataStore'],
  [0x08, 'DataType'],
  [0x09, 'DevID'],
  [0x0a, 'DevInf'],
  [0x0b, 'DevTyp'],
  [0x0c, 'DisplayName'],
  [0x0d, 'DSMem'],
  [0x0e, 'Ext'],
  [0x0f, 'FwV'],
  [0x10, 'HwV'],
  [0x11, 'Man'],
  [0x12, 'MaxGUIDSize'],
  [0x13, 'MaxID'],
  [0x14, 'MaxMem'],
  [0x15, 'Mod'],
  [0x16, 'OEM'],
  [0x17, 'ParamName'],
  [0x18, 'PropName'],
  [0x19, 'Rx'],
  [0x1a, 'Rx-Pref'],
  [0x1b, 'SharedMem'],
  // 0x1c differs: Size (1.1) / MaxSize (1.2)
  [0x1d, 'SourceRef'],
  [0x1e, 'SwV'],
  [0x1f, 'SyncCap'],
  [0x20, 'SyncType'],
  [0x21, 'Tx'],
  [0x22, 'Tx-Pref'],
  [0x23, 'ValEnum'],
  [0x24, 'VerCT'],
  [0x25, 'VerDTD'],
  [0x26, 'XNam'],
  [0x27, 'XVal'],
  [0x28, 'UTC'],
  [0x29, 'SupportNumberOfChanges'],
  [0x2a, 'SupportLargeObjs'],
] as const satisfies readonly TagRow[];

/** DevInf 1.1 page 0. */
export const DEVINF11_PAGE0 = [...DEVINF_BASE, [0x1c, 'Size']] as const satisfies readonly TagRow[];

/** DevInf 1.2 page 0: MaxSize at 0x1C and 0x2B–0x34 (0x2F is unassigned). */
export const DEVINF12_PAGE0 = [
  ...DEVINF_BASE,
  [0x1c, 'MaxSize'],
  [0x2b, 'Property'],
  [0x2c, 'PropParam'],
  [0x2d, 'MaxOccur'],
  [0x2e, 'NoTruncate'],
  // 0x2f: unassigned
  [0x30, 'Filter-Rx'],
  [0x31, 'FilterCap'],
  [0x32, 'FilterKeyword'],
  [0x33, 'FieldLevel'],
  [0x34, 'SupportHierarchicalSync'],
] as const satisfies readonly TagRow[];
