/**
 * Meta Type/Format is present whenever the data is not chr / text/plain — checked where the data
 * itself shows it: nested XML or an embedded WBXML document (needs Type and Format xml), binary
 * OPAQUE bytes that are not text (needs Format bin or b64) (DM Protocol 8.4, 8.5; DM RepPro 4.1.6).
 */
import { defineRule } from './util/define.js';
import { describe, describeCommand, effectiveMeta, sml, walkCommands } from './util/session.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isText(bytes: Uint8Array): boolean {
  try {
    const s = utf8.decode(bytes);
    // Control characters other than tab, CR, LF mean binary data.
    return !/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(s);
  } catch {
    return false;
  }
}

export const rule = defineRule({
  id: 'meta-when-not-default',
  section: '8.4',
  scr: ['DM-PRO-S-006', 'DM-PRO-C-009', 'DM-PRO-C-008'],
  side: 'both',
  severity: 'error',
  description: 'Items whose data is not plain text (nested XML, binary) carry Meta Type and Format.',
  explanation:
    'Meta, in the command or the Item, is present whenever the Type or Format of the data is not the ' +
    'default, chr and text/plain (DM Protocol 1.2 §8.4 for server commands, §8.5 and DM RepPro 4.1.6 for ' +
    'Results). ' +
    'Without it the receiver stores the data as a text leaf. The rule checks what the data itself shows: ' +
    'an Item whose Data holds a nested XML document (TNDS, DevInf) or an embedded WBXML document needs a ' +
    'Type and Format xml, ' +
    'binary OPAQUE bytes need Format bin or b64. It cannot know the format of a node from its value alone, so plain text values are not judged.',
  messages: {
    nestedWithoutMeta: '{{where}} carries a nested {{name}} document but no Meta {{missing}}',
    binaryWithoutFormat:
      '{{where}} carries {{bytes}} bytes of binary data with {{format}}; binary data needs Format bin or b64',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      const s = sml(sm);
      if (!s) continue;
      for (const c of walkCommands(s.body)) {
        if (c.name === 'Status' || c.name === 'Get' || c.name === 'Alert') continue;
        c.items.forEach((it, i) => {
          const d = it.data;
          if (!d) return;
          const meta = effectiveMeta(c, it);
          const type = meta.type?.trim();
          const format = meta.format?.trim().toLowerCase();
          const where = `Item ${i + 1} of the ${describeCommand(c, sm)} in ${describe(sm)}`;
          if (d.element) {
            const missing = [
              !type || type === 'text/plain' ? 'Type' : '',
              !format || format === 'chr' ? 'Format (xml)' : '',
            ].filter(Boolean);
            if (missing.length)
              ctx.report({
                messageId: 'nestedWithoutMeta',
                data: { where, name: d.element.name, missing: missing.join(' or ') },
                messageIndex: sm.index,
                path: it.path,
                side: sm.direction,
              });
          } else if (d.opaque && d.bytes && d.bytes.length > 0 && !isText(d.bytes) && (!format || format === 'chr')) {
            ctx.report({
              messageId: 'binaryWithoutFormat',
              data: { where, bytes: d.bytes.length, format: format ? 'Format chr' : 'no Meta Format' },
              messageIndex: sm.index,
              path: it.path,
              side: sm.direction,
            });
          }
        });
      }
    }
  },
});
export default rule;
