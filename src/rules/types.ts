/**
 * Rules and findings (DESIGN "Rules"). A rule declares what it is and checks one session; it knows
 * nothing about output formats.
 */
import type { Direction } from '../sources/types.js';
import type { Session } from '../session/types.js';
import type { Severity } from '../problem.js';

export interface FindingLocation {
  input: string;
  frame?: number;
  entry?: number;
  line?: number;
  offset?: number;
  /** Position of the message in its session (the ladder row). */
  messageIndex?: number;
  /** Element path, e.g. `SyncBody/Status[CmdID=2]`. */
  path?: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  /** DM Protocol section, e.g. `8.3`. */
  section: string;
  scr: string[];
  side: Direction;
  /** Session id (Session.id). */
  session: string;
  message: string;
  location: FindingLocation;
}
