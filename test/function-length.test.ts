/**
 * README "Design decisions", short functions named after the protocol: no function under src is
 * longer than LIMIT lines, so that a step of the protocol reads as one named function (issue 12
 * split `replayAsClient`, `readXml`, `readLog`, `startReplayServer`, `readHar` and `readFast`).
 * Lengths come from the TypeScript compiler's own parse, not from a regular expression.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

const LIMIT = 120;

interface FunctionSpan {
  where: string;
  lines: number;
}

/** Every function with a body in `text` (declarations, methods, arrows, accessors) and its lines. */
function functionsIn(file: string, text: string): FunctionSpan[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: FunctionSpan[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const first = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const last = sf.getLineAndCharacterOfPosition(node.end).line;
      const name = node.name !== undefined ? node.name.getText(sf) : '(anonymous)';
      out.push({ where: `${file}:${first + 1} ${name}`, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function functionsUnder(dir: string): FunctionSpan[] {
  const out: FunctionSpan[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.push(...functionsIn(path.relative(repoRoot, file), readFileSync(file, 'utf8')));
  }
  return out;
}

describe('function length', () => {
  it('measures what it is meant to: a 3-line function, a method and an arrow', () => {
    const spans = functionsIn(
      'x.ts',
      'function f() {\n  return 1;\n}\nclass C {\n  m() {}\n}\nconst g = () => {\n\n};\n',
    );
    expect(spans).toEqual([
      { where: 'x.ts:1 f', lines: 3 },
      { where: 'x.ts:5 m', lines: 1 },
      { where: 'x.ts:7 (anonymous)', lines: 3 },
    ]);
  });

  it(`no function under src is longer than ${LIMIT} lines`, () => {
    const spans = functionsUnder(path.join(repoRoot, 'src'));
    expect(spans.length).toBeGreaterThan(500);
    expect(spans.filter((s) => s.lines > LIMIT).map((s) => `${s.where}: ${s.lines} lines`)).toEqual([]);
  });
});
