/** Package 1 carries the session-type Alert, 1200 or 1201, with a CmdID (DM Protocol 8.3; docs/dm-facts.md §8.1). */
import { defineRule } from './util/define.js';
import { alertCode, commandsOf, describe } from './util/session.js';

export const rule = defineRule({
  id: 'pkg1-alert',
  section: '8.3',
  scr: ['DM-PRO-Session-C-002', 'DM-PRO-Session-C-003', 'DM-PRO-Session-C-004', 'DM-PRO-Session-C-001'],
  side: 'client',
  severity: 'error',
  description: 'Package 1 holds Alert 1200 (server-initiated) or 1201 (client-initiated) with a CmdID.',
  explanation:
    "Whoever initiated the session, the client's Package 1 carries an Alert giving the session type: Data 1200 when answering a server notification, " +
    '1201 when the client started the session (DM Protocol 1.2 §8.3). Its CmdID must be present so the server can answer it with a Status. ' +
    'A session started by a Package 0 notification is server-initiated and says 1200 (DM Notification 1.2 §6.2.2.10). A Package 1 resent after an authentication challenge carries the Alert again.',
  messages: {
    noSessionAlert: '{{msg}} has no Alert 1200 or 1201 giving the session type',
    alertNoCmdId: 'the Alert {{code}} of {{msg}} has no CmdID',
    notificationWith1201:
      '{{msg}} answers the Package 0 notification with Alert 1201 (client-initiated); a notification-initiated session starts with Alert 1200',
    severalSessionAlerts: '{{msg}} has {{count}} session-type Alerts ({{codes}}); it must carry one',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      if (sm.direction !== 'client' || sm.package !== 1 || !sm.packageStart || !sm.message.syncml) continue;
      const alerts = commandsOf(sm).filter((c) => c.name === 'Alert' && ['1200', '1201'].includes(alertCode(c) ?? ''));
      if (alerts.length === 0) {
        ctx.report({
          messageId: 'noSessionAlert',
          data: { msg: describe(sm) },
          messageIndex: sm.index,
          path: 'SyncBody',
        });
        continue;
      }
      for (const a of alerts) {
        if (a.cmdID?.trim()) continue;
        ctx.report({
          messageId: 'alertNoCmdId',
          data: { code: alertCode(a) ?? '', msg: describe(sm) },
          messageIndex: sm.index,
          path: a.path,
        });
      }
      // DM Notification 6.2.2.10: a session started by a Package 0 notification is server-initiated.
      if (ctx.session.notification && alerts.length === 1 && alertCode(alerts[0]!) === '1201') {
        ctx.report({
          messageId: 'notificationWith1201',
          data: { msg: describe(sm) },
          messageIndex: sm.index,
          path: `${alerts[0]!.path}/Data`,
          scr: ['DM-PRO-Session-C-003', 'DM-PRO-Session-C-001'],
        });
      }
      if (alerts.length > 1) {
        ctx.report({
          messageId: 'severalSessionAlerts',
          data: { msg: describe(sm), count: alerts.length, codes: alerts.map((a) => alertCode(a)).join(', ') },
          messageIndex: sm.index,
          path: alerts[1]!.path,
        });
      }
    }
  },
});
export default rule;
