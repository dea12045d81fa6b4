/** Alert code facts rules share (DM Protocol §8.7, §10; DM RepPro Alert codes; docs/dm-facts.md §4, §8.4). */

/** Who may send each DM alert code (docs/dm-facts.md §4). */
export const ALERT_DIRECTION = {
  '1100': 'server',
  '1101': 'server',
  '1102': 'server',
  '1103': 'server',
  '1104': 'server',
  '1200': 'client',
  '1201': 'client',
  '1224': 'client',
  '1226': 'client',
} as const satisfies Record<string, 'client' | 'server'>;

/** Alert names for messages. */
export const ALERT_NAME = {
  '1100': 'Display',
  '1101': 'Confirm or Reject',
  '1102': 'Text Input',
  '1103': 'Single Choice',
  '1104': 'Multiple Choice',
  '1200': 'Server-initiated management',
  '1201': 'Client-initiated management',
  '1222': 'Next Message',
  '1223': 'Session Abort',
  '1224': 'Client Event',
  '1225': 'No End of Data',
  '1226': 'Generic Alert',
} as const satisfies Record<string, string>;

/** UI alerts (DM Protocol §10). */
export const UI_ALERTS = ['1100', '1101', '1102', '1103', '1104'] as const;

/** Generic Alert Mark values, most to least important (DM Protocol §8.7.1.8). */
export const GALERT_MARKS = [
  'fatal',
  'critical',
  'minor',
  'warning',
  'informational',
  'harmless',
  'indeterminate',
] as const;

/** Status codes a server may answer a Generic Alert with (DM Protocol §8.7). */
export const GALERT_STATUS = ['200', '202', '401', '407', '412', '415', '500'] as const;

/** MetInf Format values of DM (DM TND; docs/dm-facts.md §9). */
export const FORMATS = ['b64', 'bin', 'bool', 'chr', 'int', 'node', 'null', 'xml', 'date', 'time', 'float'] as const;
