/** Messages → DM sessions (docs/architecture.md "Messages, sessions, findings"). */
export * from './types.js';
export {
  assembleSessions,
  buildSessions,
  SessionAssembler,
  type AssembleInput,
  type AssembleOptions,
  type NotificationDecoder,
} from './assemble.js';
export { analyzeSession, type SessionEntry, type SessionHead, type AnalyzeOptions } from './analyze.js';
export { findLargeObjects } from './large-objects.js';
export { orderEntries } from './order.js';
export * from './inspect.js';
