/**
 * Citations cannot rot: every `docs/dm-facts.md §N` (with its ranges, lists and `§10 Dn`
 * deviations) and every `docs/architecture.md "Heading"` written in the sources, tests, benchmarks
 * and documents names a section that exists in the repository's documents.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.js';
import { headings, readDoc, section, sectionNumbers, tableRows } from './markdown.js';

const FACTS = 'docs/' + 'dm-facts.md';
const ARCH = 'docs/' + 'architecture.md';

/** Where citations are looked for (this file builds its examples from parts, so it holds none). */
const ROOTS = ['src', 'test', 'bench', 'docs', 'README.md', path.join('fixtures', 'README.md')];
const EXTENSIONS = new Set(['.ts', '.mjs', '.js', '.md']);

function files(rel: string): string[] {
  const abs = path.join(repoRoot, rel);
  if (!statSync(abs, { throwIfNoEntry: false })) return [];
  if (statSync(abs).isFile()) return [rel];
  return readdirSync(abs).flatMap((n) => (n.startsWith('.') ? [] : files(path.join(rel, n))));
}

const sources = ROOTS.flatMap(files).filter((f) => EXTENSIONS.has(path.extname(f)));

export interface Citation {
  file: string;
  line: number;
  /** What was cited: `§1.10`, `§10 D8`, `"Rules"`, or the text after the path when nothing could be read. */
  cited: string;
  /** Why it does not resolve; undefined when it does. */
  error?: string;
}

export interface Targets {
  /** Numbered sections of dm-facts.md (`1.10`, `4`). */
  facts: ReadonlySet<string>;
  /** The deviation numbers of its §10 table (`8` for D8). */
  deviations: ReadonlySet<string>;
  /** Headings of architecture.md. */
  arch: ReadonlySet<string>;
}

/** A link to the document itself (`[docs/dm-facts.md](docs/dm-facts.md)`) cites no section. */
function isLink(text: string, at: number, length: number): boolean {
  const after = text[at + length];
  return after === ')' || after === ']' || text.slice(Math.max(0, at - 2), at) === '](';
}

function lineAt(text: string, at: number): number {
  return text.slice(0, at).split('\n').length;
}

/**
 * The citations of dm-facts.md in a text. After the path comes the span of the citation: up to
 * the closing parenthesis, a `;`, the end of the sentence, or 160 characters. In it, `§A`, `§A–B`
 * and `Dn` (a §10 deviation) are cited; a mention with none of them is an error.
 */
export function factsCitations(file: string, text: string, t: Targets): Citation[] {
  const out: Citation[] = [];
  for (let at = text.indexOf(FACTS); at >= 0; at = text.indexOf(FACTS, at + 1)) {
    if (isLink(text, at, FACTS.length)) continue;
    const rest = text.slice(at + FACTS.length, at + FACTS.length + 160);
    const end = rest.search(/\)|;|\.(?=\s|$)/);
    const span = end < 0 ? rest : rest.slice(0, end);
    const line = lineAt(text, at);
    const refs = [...span.matchAll(/§(\d+(?:\.\d+)?)(?:–(\d+(?:\.\d+)?))?/g)];
    const devs = [...span.matchAll(/\bD(\d+)\b/g)];
    if (refs.length === 0 && devs.length === 0) {
      out.push({ file, line, cited: span.trim().slice(0, 40), error: 'names no section (§N)' });
      continue;
    }
    for (const r of refs) {
      for (const n of [r[1]!, r[2]].filter((x): x is string => x !== undefined)) {
        const c: Citation = { file, line, cited: `§${n}` };
        if (!t.facts.has(n)) c.error = `no section ${n} in ${FACTS}`;
        out.push(c);
      }
    }
    for (const d of devs) {
      const c: Citation = { file, line, cited: `§10 D${d[1]}` };
      if (!t.deviations.has(d[1]!)) c.error = `no deviation D${d[1]} in ${FACTS} §10`;
      out.push(c);
    }
  }
  return out;
}

/** The citations of architecture.md in a text: the path, then (optionally in parentheses) a quoted heading. */
export function archCitations(file: string, text: string, t: Targets): Citation[] {
  const out: Citation[] = [];
  for (let at = text.indexOf(ARCH); at >= 0; at = text.indexOf(ARCH, at + 1)) {
    if (isLink(text, at, ARCH.length)) continue;
    const rest = text.slice(at + ARCH.length, at + ARCH.length + 120);
    const line = lineAt(text, at);
    const m = /^[\s*/]*\(?"([^"\n]+)"/.exec(rest);
    if (!m) {
      out.push({ file, line, cited: rest.trim().slice(0, 40), error: 'names no heading ("Heading")' });
      continue;
    }
    const c: Citation = { file, line, cited: `"${m[1]}"` };
    if (!t.arch.has(m[1]!)) c.error = `no heading "${m[1]}" in ${ARCH}`;
    out.push(c);
  }
  return out;
}

function targets(): Targets {
  const facts = readDoc('dm-facts.md');
  const deviations = tableRows(section(facts, '10'))
    .map((r) => /^D(\d+)$/.exec(r[0] ?? '')?.[1])
    .filter((d): d is string => d !== undefined);
  return {
    facts: new Set(sectionNumbers(facts)),
    deviations: new Set(deviations),
    arch: new Set(headings(readDoc('architecture.md'))),
  };
}

const here = path.relative(repoRoot, new URL(import.meta.url).pathname);

describe('citations of docs/ in the repository', () => {
  const t = targets();
  const all = sources
    .filter((f) => f !== here)
    .flatMap((f) => {
      const text = readFileSync(path.join(repoRoot, f), 'utf8');
      return [...factsCitations(f, text, t), ...archCitations(f, text, t)];
    });

  it('dm-facts.md keeps the numbering the code cites', () => {
    const expected = [
      ...Array.from({ length: 10 }, (_, i) => `1.${i + 1}`),
      '2',
      ...['3.1', '3.2', '3.3', '3.4', '3.5'],
      '4',
      '5',
      ...['6.1', '6.2', '6.3'],
      ...['7.1', '7.2', '7.3'],
      ...['8.1', '8.2', '8.3', '8.4', '8.5'],
      '9',
      '10',
      '11',
    ];
    for (const n of expected) expect(t.facts, `§${n}`).toContain(n);
    expect([...t.deviations].map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
  });

  it('finds the citations (sources, tests and documents cite both documents)', () => {
    expect(all.filter((c) => c.cited.startsWith('§')).length).toBeGreaterThan(150);
    expect(all.filter((c) => c.cited.startsWith('"')).length).toBeGreaterThan(10);
    const dirs = new Set(all.map((c) => c.file.split(path.sep)[0]));
    for (const d of ['src', 'test', 'docs']) expect(dirs, d).toContain(d);
  });

  it('every citation names a section that exists', () => {
    const bad = all.filter((c) => c.error).map((c) => `${c.file}:${c.line}: ${c.cited}: ${c.error}`);
    expect(bad).toEqual([]);
  });

  it('catches a citation that does not resolve (so the test above can fail)', () => {
    const cite = (s: string) => [...factsCitations('x.ts', s, t), ...archCitations('x.ts', s, t)];
    expect(cite(`// ${FACTS} §1.10 form 3, §10 D8, D9`).map((c) => c.error)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(cite(`/** (${FACTS} §1.1–1.10) */`).map((c) => c.cited)).toEqual(['§1.1', '§1.10']);
    expect(cite(`// ${FACTS} §12.3`)[0]?.error).toMatch(/no section 12\.3/);
    expect(cite(`// ${FACTS} §1.1–1.11`)[1]?.error).toMatch(/no section 1\.11/);
    expect(cite(`// ${FACTS} §10 D99`)[1]?.error).toMatch(/no deviation D99/);
    expect(cite(`// see ${FACTS} for more`)[0]?.error).toMatch(/names no section/);
    expect(cite(`// ${ARCH} "Rules"`)[0]?.error).toBeUndefined();
    expect(cite(`// ${ARCH} ("JSON contracts")`)[0]?.error).toBeUndefined();
    expect(cite(`// ${ARCH} "No such heading"`)[0]?.error).toMatch(/no heading/);
    expect(cite(`// the ${ARCH} contract`)[0]?.error).toMatch(/names no heading/);
    expect(cite(`[${FACTS}](${FACTS}) and [${ARCH}](${ARCH})`)).toEqual([]);
  });
});
