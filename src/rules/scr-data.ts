/**
 * The SCR tables of DM Protocol 1.2 (appendix B.1 DM client, B.2 DM server) as data.
 *
 * Source: OMA DM Protocol 1.2 change request (SCR appendix B.1 DM client, B.2 DM server), as given to this project.
 * Copied verbatim from the project spec file scr-dm-protocol-1.2.json (shared/spec/) so the package is
 * self-contained; test/rules/scr-data.test.ts fails when this copy and that file disagree.
 *
 * - status: M = mandatory, O = optional
 * - requirement: a boolean expression over other item ids (AND, OR, parentheses) that must hold when this item is claimed or exercised; empty when none
 * - reference: the DM Protocol section the item comes from (6 multiple messages, 7 large objects, 8 packages, 8.1 abort, 8.7 generic alert, 9 authentication, 10 user interaction)
 * - DM-PRO-LO-S-007 reads 'server indicated' in the source table for the server side too; the meaning for a server is the limit the client indicated
 * - SCR-DM-NOTI-S-001 belongs to the DM Notification specification's SCR, outside this table
 */

/** One SCR item: id, what it is, the DM Protocol section, M(andatory)/O(ptional), and the dependency expression that must hold when it is claimed or exercised. */
export interface ScrItem {
  readonly id: string;
  readonly function: string;
  readonly reference: string;
  readonly status: 'M' | 'O';
  /** Boolean expression over other item ids (AND, OR, parentheses); empty when none. */
  readonly requirement: string;
  readonly group: string;
}

export const scrSource = 'OMA DM Protocol 1.2 change request (SCR appendix B.1 DM client, B.2 DM server), as given to this project';

/** Table B.1: DM client. */
export const scrClientItems = [
  { id: 'DM-PRO-C-001', function: 'Support of Session Setup Phase', reference: '8', status: 'M', requirement: '', group: 'general' },
  { id: 'DM-PRO-C-002', function: 'Support of Session Abort', reference: '8.1', status: 'M', requirement: '', group: 'general' },
  { id: 'DM-PRO-C-003', function: 'Support of Multiple Messages', reference: '6', status: 'O', requirement: '', group: 'general' },
  { id: 'DM-PRO-C-004', function: 'Support of Large Object Handling (RECOMMENDED for clients)', reference: '7', status: 'O', requirement: 'DM-PRO-LO-C-001 AND DM-PRO-LO-C-002 AND DM-PRO-LO-C-003 AND DM-PRO-LO-C-004 AND DM-PRO-LO-C-005 AND DM-PRO-LO-C-006 AND DM-PRO-LO-C-008 AND DM-PRO-LO-C-009 AND DM-PRO-LO-C-010', group: 'general' },
  { id: 'DM-PRO-C-005', function: 'Support of Management Phase', reference: '8', status: 'M', requirement: '', group: 'general' },
  { id: 'DM-PRO-C-006', function: 'Support for executing Management Commands', reference: '8', status: 'M', requirement: '', group: 'general' },
  { id: 'DM-PRO-C-007', function: 'Executing User Interaction Commands', reference: '10', status: 'O', requirement: '(DM-PRO-UI-C-001 OR DM-PRO-UI-C-002 OR DM-PRO-UI-C-003 OR DM-PRO-UI-C-004 OR DM-PRO-UI-C-005) AND DM-PRO-UI-C-006', group: 'general' },
  { id: 'DM-PRO-C-008', function: 'Support for sending Status and Result after receiving Management Operations', reference: '8.4', status: 'M', requirement: '', group: 'general' },
  { id: 'DM-PRO-C-009', function: 'Support for standard SyncML command Format and Status and Result reporting', reference: '8', status: 'M', requirement: '', group: 'general' },
  { id: 'DM-PRO-C-010', function: 'Support for sending asynchronous data via client initiated Alerts', reference: '8.3', status: 'O', requirement: '', group: 'general' },
  { id: 'DM-PRO-C-011', function: 'Sending Generic Alert', reference: '8.7', status: 'O', requirement: 'DM-PRO-GAlert-C-001 OR DM-PRO-GAlert-C-002', group: 'general' },
  { id: 'DM-PRO-Session-C-001', function: 'Support Server Notification', reference: '8', status: 'O', requirement: 'DM-PRO-Session-C-003', group: 'session setup' },
  { id: 'DM-PRO-Session-C-002', function: 'Sending Client Initiation and Device Info (Package #1) including Final element', reference: '8.3', status: 'M', requirement: 'DM-PRO-Session-C-003 OR DM-PRO-Session-C-004', group: 'session setup' },
  { id: 'DM-PRO-Session-C-003', function: 'Sending Server-Initiated mgmt Alert', reference: '8.3', status: 'O', requirement: '', group: 'session setup' },
  { id: 'DM-PRO-Session-C-004', function: 'Sending Client-Initiated mgmt Alert', reference: '8.3', status: 'O', requirement: '', group: 'session setup' },
  { id: 'DM-PRO-Session-C-005', function: 'Sending Device Info in Replace Command in Package #1', reference: '8.3', status: 'M', requirement: '', group: 'session setup' },
  { id: 'DM-PRO-Abort-C-001', function: 'Sending Session Abort Alert', reference: '8.1', status: 'O', requirement: 'DM-PRO-Abort-C-004 AND DM-PRO-Abort-C-005', group: 'session abort' },
  { id: 'DM-PRO-Abort-C-002', function: 'Receiving Session Abort Alert', reference: '8.1', status: 'M', requirement: '', group: 'session abort' },
  { id: 'DM-PRO-Abort-C-003', function: 'Session Abort message includes Status and Results of executed commands', reference: '8.1.2', status: 'O', requirement: 'DM-PRO-Abort-C-001', group: 'session abort' },
  { id: 'DM-PRO-Abort-C-004', function: 'Include Final in Message', reference: '8.1.2', status: 'O', requirement: '', group: 'session abort' },
  { id: 'DM-PRO-Abort-C-005', function: 'Sender of Abort discards the response if response is received', reference: '8.1.1', status: 'O', requirement: '', group: 'session abort' },
  { id: 'DM-PRO-Mul-C-001', function: 'Last message within multiple messages must contain Final', reference: '6.2', status: 'M', requirement: '', group: 'multiple messages' },
  { id: 'DM-PRO-Mul-C-002', function: 'If a message is not the last one within Multiple Messages then the Next Message or Abort Alert must be sent', reference: '6.2', status: 'M', requirement: '', group: 'multiple messages' },
  { id: 'DM-PRO-LO-C-001', function: 'Response with Status 213 if a data chunk that is not the last one is received', reference: '7', status: 'O', requirement: '', group: 'large object' },
  { id: 'DM-PRO-LO-C-002', function: 'Management Commands inside Large Object are handled as Atomic', reference: '7', status: 'O', requirement: '', group: 'large object' },
  { id: 'DM-PRO-LO-C-003', function: 'While sending data chunks all chunks except the last one must include MoreData', reference: '7', status: 'O', requirement: '', group: 'large object' },
  { id: 'DM-PRO-LO-C-004', function: 'Indicate support for Large Object in DevDetail', reference: '7', status: 'O', requirement: '', group: 'large object' },
  { id: 'DM-PRO-LO-C-005', function: 'Data chunks must be sent in continuous order without any new commands', reference: '7', status: 'O', requirement: '', group: 'large object' },
  { id: 'DM-PRO-LO-C-006', function: 'Data that fits into a single message must be sent in a single message', reference: '7', status: 'O', requirement: '', group: 'large object' },
  { id: 'DM-PRO-LO-C-007', function: 'Sending MaxObjSize to indicate size limitations for Package', reference: '7', status: 'O', requirement: 'DM-PRO-C-004', group: 'large object' },
  { id: 'DM-PRO-LO-C-008', function: 'Never encode packages bigger than the server indicated in MaxObjSize', reference: '7', status: 'O', requirement: '', group: 'large object' },
  { id: 'DM-PRO-LO-C-009', function: 'Include Size in first data chunk', reference: '7', status: 'O', requirement: '', group: 'large object' },
  { id: 'DM-PRO-LO-C-010', function: 'Validation of actual size and the Size value and report if not equal', reference: '7', status: 'O', requirement: '', group: 'large object' },
  { id: 'DM-PRO-UI-C-001', function: 'Executing Display Alert', reference: '10.2.1', status: 'O', requirement: '', group: 'user interaction' },
  { id: 'DM-PRO-UI-C-002', function: 'Executing Confirm or Reject Alert', reference: '10.2.2', status: 'O', requirement: '', group: 'user interaction' },
  { id: 'DM-PRO-UI-C-003', function: 'Executing Text Input Alert', reference: '10.2.3', status: 'O', requirement: '', group: 'user interaction' },
  { id: 'DM-PRO-UI-C-004', function: 'Executing Single Choice Alert', reference: '10.2.4', status: 'O', requirement: '', group: 'user interaction' },
  { id: 'DM-PRO-UI-C-005', function: 'Executing Multiple Choice Alert', reference: '10.2.4', status: 'O', requirement: '', group: 'user interaction' },
  { id: 'DM-PRO-UI-C-006', function: 'Order of the Items MUST be used in the same order as in the DM message', reference: '10.2', status: 'O', requirement: '', group: 'user interaction' },
  { id: 'DM-PRO-GAlert-C-001', function: 'The Generic Alert has a relation to a Management Object', reference: '8.7', status: 'O', requirement: 'DM-PRO-GAlert-C-003', group: 'generic alert' },
  { id: 'DM-PRO-GAlert-C-002', function: 'The Generic Alert does not have a relation to a Management Object', reference: '8.7', status: 'O', requirement: '', group: 'generic alert' },
  { id: 'DM-PRO-GAlert-C-003', function: 'LocURI must reference the address of the corresponding Management Object', reference: '8.7', status: 'O', requirement: '', group: 'generic alert' },
  { id: 'DM-PRO-GAlert-C-004', function: 'Support for Correlator', reference: '8.7.1.10', status: 'O', requirement: 'DM-PRO-C-011', group: 'generic alert' },
  { id: 'DM-PRO-GAlert-C-005', function: 'Type must be included and it is RECOMMENDED to include a URN or registered MIME type as Type', reference: '8.7.1.6', status: 'O', requirement: 'DM-PRO-C-011', group: 'generic alert' },
  { id: 'DM-PRO-GAlert-C-006', function: 'Support for importance level, Mark', reference: '8.7.1.8', status: 'O', requirement: 'DM-PRO-C-011', group: 'generic alert' },
] as const satisfies readonly ScrItem[];

/** Table B.2: DM server. */
export const scrServerItems = [
  { id: 'DM-PRO-S-001', function: 'Support of Session Setup Phase', reference: '8', status: 'M', requirement: '', group: 'general' },
  { id: 'DM-PRO-S-002', function: 'Support of Session Abort', reference: '8.1', status: 'M', requirement: '', group: 'general' },
  { id: 'DM-PRO-S-003', function: 'Support of Multiple Messages', reference: '6', status: 'M', requirement: '', group: 'general' },
  { id: 'DM-PRO-S-004', function: 'Support of Large Object Handling', reference: '7', status: 'M', requirement: '', group: 'general' },
  { id: 'DM-PRO-S-005', function: 'Support of Management Phase', reference: '8', status: 'M', requirement: '', group: 'general' },
  { id: 'DM-PRO-S-006', function: 'Support for sending Management Commands', reference: '8', status: 'M', requirement: '', group: 'general' },
  { id: 'DM-PRO-S-007', function: 'Sending User Interaction Commands', reference: '10', status: 'O', requirement: '(DM-PRO-UI-S-001 OR DM-PRO-UI-S-002 OR DM-PRO-UI-S-003 OR DM-PRO-UI-S-004 OR DM-PRO-UI-S-005) AND DM-PRO-UI-S-006', group: 'general' },
  { id: 'DM-PRO-S-008', function: 'Support for sending Status and Results on Client Commands and Alerts', reference: '8', status: 'M', requirement: '', group: 'general' },
  { id: 'DM-PRO-S-009', function: 'Support of Generic Alert', reference: '8.7', status: 'M', requirement: '', group: 'general' },
  { id: 'DM-PRO-S-010', function: 'Support application layer authentication', reference: '9', status: 'M', requirement: '', group: 'general' },
  { id: 'DM-PRO-Session-S-001', function: 'Support Server Notification', reference: '8', status: 'O', requirement: 'SCR-DM-NOTI-S-001', group: 'session setup' },
  { id: 'DM-PRO-Session-S-002', function: 'Support of receiving the initiation message from the client (Package #1), performing authentication and sending initiation (Package #2)', reference: '8.4', status: 'M', requirement: '', group: 'session setup' },
  { id: 'DM-PRO-Abort-S-001', function: 'Sending Session Abort Alert', reference: '8.1', status: 'O', requirement: 'DM-PRO-Abort-S-004 AND DM-PRO-Abort-S-005', group: 'session abort' },
  { id: 'DM-PRO-Abort-S-002', function: 'Receiving Session Abort Alert', reference: '8.1', status: 'M', requirement: '', group: 'session abort' },
  { id: 'DM-PRO-Abort-S-003', function: 'Session Abort message includes Status and Results of executed commands', reference: '8.1.2', status: 'O', requirement: 'DM-PRO-Abort-S-001', group: 'session abort' },
  { id: 'DM-PRO-Abort-S-004', function: 'Include Final in Message', reference: '8.1.2', status: 'O', requirement: '', group: 'session abort' },
  { id: 'DM-PRO-Abort-S-005', function: 'Sender of Abort must discard the response if a response is received', reference: '8.1.1', status: 'O', requirement: '', group: 'session abort' },
  { id: 'DM-PRO-Mul-S-001', function: 'Last message within multiple messages must contain Final', reference: '6.2', status: 'M', requirement: '', group: 'multiple messages' },
  { id: 'DM-PRO-Mul-S-002', function: 'If a message is not the last one within Multiple Messages then the Next Message or Abort Alert must be sent', reference: '6.2', status: 'M', requirement: '', group: 'multiple messages' },
  { id: 'DM-PRO-LO-S-001', function: 'Response with Status 213 if a data chunk that is not the last one is received', reference: '7', status: 'M', requirement: '', group: 'large object' },
  { id: 'DM-PRO-LO-S-002', function: 'Management Commands inside Large Object are handled as Atomic', reference: '7', status: 'M', requirement: '', group: 'large object' },
  { id: 'DM-PRO-LO-S-003', function: 'While sending data chunks all chunks except the last one must include MoreData', reference: '7', status: 'M', requirement: '', group: 'large object' },
  { id: 'DM-PRO-LO-S-004', function: 'Data chunks must be sent in continuous order without any new commands', reference: '7', status: 'M', requirement: '', group: 'large object' },
  { id: 'DM-PRO-LO-S-005', function: 'Data that fits into a single message must be sent in a single message', reference: '7', status: 'M', requirement: '', group: 'large object' },
  { id: 'DM-PRO-LO-S-006', function: 'Sending MaxObjSize to indicate size limitations for Package', reference: '7', status: 'O', requirement: '', group: 'large object' },
  { id: 'DM-PRO-LO-S-007', function: 'Never encode packages bigger than the client indicated in MaxObjSize', reference: '7', status: 'M', requirement: '', group: 'large object' },
  { id: 'DM-PRO-LO-S-008', function: 'Include Size in first data chunk', reference: '7', status: 'M', requirement: '', group: 'large object' },
  { id: 'DM-PRO-LO-S-009', function: 'Validation of actual size and the Size value and report if not equal', reference: '7', status: 'M', requirement: '', group: 'large object' },
  { id: 'DM-PRO-UI-S-001', function: 'Sending Display Alert', reference: '10.2.1', status: 'O', requirement: '', group: 'user interaction' },
  { id: 'DM-PRO-UI-S-002', function: 'Sending Confirm or Reject Alert', reference: '10.2.2', status: 'O', requirement: '', group: 'user interaction' },
  { id: 'DM-PRO-UI-S-003', function: 'Sending Text Input Alert', reference: '10.2.3', status: 'O', requirement: '', group: 'user interaction' },
  { id: 'DM-PRO-UI-S-004', function: 'Sending Single Choice Alert', reference: '10.2.4', status: 'O', requirement: '', group: 'user interaction' },
  { id: 'DM-PRO-UI-S-005', function: 'Sending Multiple Choice Alert', reference: '10.2.4', status: 'O', requirement: '', group: 'user interaction' },
  { id: 'DM-PRO-UI-S-006', function: 'Order of the Items MUST be followed in the DM message', reference: '10.2', status: 'O', requirement: '', group: 'user interaction' },
  { id: 'DM-PRO-GAlert-S-001', function: 'Support for receiving, parsing and sending Status back to the client', reference: '8.7', status: 'M', requirement: '', group: 'generic alert' },
  { id: 'DM-PRO-GAlert-S-002', function: 'Perform action from the data content in the Generic Alert', reference: '8.7', status: 'O', requirement: '', group: 'generic alert' },
] as const satisfies readonly ScrItem[];

/** Every SCR item id of both tables. */
export type ScrItemId = (typeof scrClientItems)[number]['id'] | (typeof scrServerItems)[number]['id'];

/** An SCR item with the side whose table holds it. */
export interface SidedScrItem extends ScrItem {
  readonly side: 'client' | 'server';
}

/** Items by id, client table first, each in table order. */
export const scrItems: ReadonlyMap<string, SidedScrItem> = new Map<string, SidedScrItem>([
  ...scrClientItems.map((i): [string, SidedScrItem] => [i.id, { ...i, side: 'client' }]),
  ...scrServerItems.map((i): [string, SidedScrItem] => [i.id, { ...i, side: 'server' }]),
]);
