/**
 * DM DDF 1.2 code page (TNDS / DDF `MgmtTree`).
 *
 * Source document: OMA-TS-DM_TND-V1_2, "WBXML definition" (code page 2, used both inside a SyncML
 * document after SWITCH_PAGE 2 and in a standalone TNDS document, which starts with SWITCH_PAGE 2);
 * DTD dm_ddf-v1_2.dtd. Cross-checked against libwbxml `sv_syncml_dmddf12_tag_table` (docs/dm-facts.md §1.7).
 * The TND text spells 0x37/0x38 `verDTD`/`verNo`; the DTD and libwbxml use `VerDTD`/`VerNo`.
 */
import type { TagRow } from './types.js';

/** The FPI of the DM DDF 1.2 DTD; no numeric public id is registered. */
export const DMDDF12_FPI = '-//OMA//DTD-DM-DDF 1.2//EN';

export const DMDDF12_PAGE = [
  [0x05, 'AccessType'],
  [0x06, 'ACL'],
  [0x07, 'Add'],
  [0x08, 'b64'],
  [0x09, 'bin'],
  [0x0a, 'bool'],
  [0x0b, 'chr'],
  [0x0c, 'CaseSense'],
  [0x0d, 'CIS'],
  [0x0e, 'Copy'],
  [0x0f, 'CS'],
  [0x10, 'date'],
  [0x11, 'DDFName'],
  [0x12, 'DefaultValue'],
  [0x13, 'Delete'],
  [0x14, 'Description'],
  [0x15, 'DFFormat'],
  [0x16, 'DFProperties'],
  [0x17, 'DFTitle'],
  [0x18, 'DFType'],
  [0x19, 'Dynamic'],
  [0x1a, 'Exec'],
  [0x1b, 'float'],
  [0x1c, 'Format'],
  [0x1d, 'Get'],
  [0x1e, 'int'],
  [0x1f, 'Man'],
  [0x20, 'MgmtTree'],
  [0x21, 'MIME'],
  [0x22, 'Mod'],
  [0x23, 'Name'],
  [0x24, 'Node'],
  [0x25, 'node'],
  [0x26, 'NodeName'],
  [0x27, 'null'],
  [0x28, 'Occurrence'],
  [0x29, 'One'],
  [0x2a, 'OneOrMore'],
  [0x2b, 'OneOrN'],
  [0x2c, 'Path'],
  [0x2d, 'Permanent'],
  [0x2e, 'Replace'],
  [0x2f, 'RTProperties'],
  [0x30, 'Scope'],
  [0x31, 'Size'],
  [0x32, 'time'],
  [0x33, 'Title'],
  [0x34, 'TStamp'],
  [0x35, 'Type'],
  [0x36, 'Value'],
  [0x37, 'VerDTD'],
  [0x38, 'VerNo'],
  [0x39, 'xml'],
  [0x3a, 'ZeroOrMore'],
  [0x3b, 'ZeroOrN'],
  [0x3c, 'ZeroOrOne'],
] as const satisfies readonly TagRow[];
