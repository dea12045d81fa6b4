/** Reading the repository's own documents: headings, numbered sections, table rows. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers.js';

export function readDoc(name: string): string {
  return readFileSync(path.join(repoRoot, 'docs', name), 'utf8');
}

/** Every heading's text (`## One tree, two encodings` → `One tree, two encodings`), outside code blocks. */
export function headings(markdown: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && /^#{1,6} (.+?)\s*$/.exec(line);
    if (m) out.push(m[1]!);
  }
  return out;
}

/** The number of each numbered heading (`### 1.10 How Data content is encoded` → `1.10`, `## 4. Alert codes` → `4`). */
export function sectionNumbers(markdown: string): string[] {
  return headings(markdown)
    .map((h) => /^(\d+(?:\.\d+)?)\.?\s/.exec(h)?.[1])
    .filter((n): n is string => n !== undefined);
}

/** The text of a numbered section, up to the next heading of the same or a higher level. */
export function section(markdown: string, num: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^#{2,3} ${num.replace('.', '\\.')}\\.?\\s`).test(l));
  if (start < 0) throw new Error(`no section ${num}`);
  const level = /^#+/.exec(lines[start]!)![0].length;
  let end = start + 1;
  while (end < lines.length && !(/^#+ /.test(lines[end]!) && /^#+/.exec(lines[end]!)![0].length <= level)) end++;
  return lines.slice(start + 1, end).join('\n');
}

/** The cells of every table row of a text (header and separator rows included), trimmed. */
export function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) => {
      const s = l.trimEnd().replace(/\\\|/g, '\u0000');
      return s
        .slice(1, s.endsWith('|') ? -1 : undefined)
        .split('|')
        .map((c) => c.replace(/\u0000/g, '|').trim());
    });
}
