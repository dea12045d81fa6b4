/** Generic Alert (1226) Items as real clients send them (DM Protocol §8.7; FUMO type from docs/dm-facts.md §8.4). */
import { alert } from './msgs.js';

const MI = "xmlns='syncml:metinf'";
export const FUMO_TYPE = 'Reversed-Domain-Name: org.openmobilealliance.dm.firmwareupdate.downloadandupdate';

export function galertItem(
  o: { type?: string | null; format?: string | null; mark?: string; data?: string | null; source?: string } = {},
): string {
  const type = o.type === undefined ? FUMO_TYPE : o.type;
  const format = o.format === undefined ? 'int' : o.format;
  const meta =
    (type === null ? '' : `<Type ${MI}>${type}</Type>`) +
    (format === null ? '' : `<Format ${MI}>${format}</Format>`) +
    (o.mark ? `<Mark ${MI}>${o.mark}</Mark>` : '');
  return `<Item>${o.source ? `<Source><LocURI>${o.source}</LocURI></Source>` : ''}${meta ? `<Meta>${meta}</Meta>` : ''}${o.data === null ? '' : `<Data>${o.data ?? '200'}</Data>`}</Item>`;
}

export const galert = (cmdID: string, ...items: string[]) =>
  alert(cmdID, '1226', items.length ? items.join('') : galertItem({ source: './FUMO/1/DownloadAndUpdate' }));
