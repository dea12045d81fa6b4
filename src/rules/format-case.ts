/**
 * MetInf Format values are lowercase (`chr`, `b64`, ...). Field reality D8: hostap sends `Chr`;
 * peers match case-insensitively, so it is a warning (DM TND Format; docs/dm-facts.md §9, §10 D8).
 */
import { defineRule } from './util/define.js';
import type { Meta } from '../syncml/types.js';
import { FORMATS } from './util/alerts.js';
import { describe, hdrPath, sml, walkCommands } from './util/session.js';

export const rule = defineRule({
  id: 'format-case',
  section: '8.4',
  scr: ['DM-PRO-C-009', 'DM-PRO-S-006'],
  side: 'both',
  severity: 'warning',
  description: `Meta Format is written in lowercase, as defined (${FORMATS.join(', ')}).`,
  explanation:
    `The Format values of DM are lowercase tokens: ${FORMATS.join(', ')} (DM TND; DM Protocol 1.2 §8.4, "Meta ... whenever Type or Format is not the default"). ` +
    'Real implementations send other cases (hostap writes `Chr`, docs/dm-facts.md §10 D8); tolerant ' +
    'peers accept them, strict ones treat the value as unknown and answer 415. Send the defined spelling.',
  messages: {
    notLowercase: '{{msg}} writes Format "{{format}}"; the defined value is "{{lower}}"',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      const s = sml(sm);
      if (!s) continue;
      const check = (meta: Meta | undefined, path: string) => {
        const f = meta?.format?.trim();
        if (!f) return;
        const lower = f.toLowerCase();
        if (f === lower || !(FORMATS as readonly string[]).includes(lower)) return;
        ctx.report({
          messageId: 'notLowercase',
          data: { msg: describe(sm), format: f, lower },
          messageIndex: sm.index,
          path: `${path}/Meta/Format`,
          side: sm.direction,
        });
      };
      check(s.hdr.meta, hdrPath());
      check(s.hdr.cred?.meta, hdrPath('Cred'));
      for (const c of walkCommands(s.body)) {
        check(c.meta, c.path);
        check(c.chal?.meta, `${c.path}/Chal`);
        for (const it of c.items) check(it.meta, it.path);
      }
    }
  },
});
export default rule;
