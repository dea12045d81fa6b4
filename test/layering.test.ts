/**
 * The imports docs/architecture.md "Data flows one way" promises: the model imports nothing of the
 * stages, the Package 0 codec only the model and the MD5 digest, and the read, assemble and report
 * stages nothing of src/auth (the codec they use lives in src/notification).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

const src = path.join(repoRoot, 'src');

/** Every relative import of the .ts files under src/<dir>, as paths relative to src (`auth/md5.ts`). */
function importsOf(dir: string): { file: string; target: string }[] {
  const out: { file: string; target: string }[] = [];
  for (const entry of readdirSync(path.join(src, dir), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g)) {
      const spec = (m[1] ?? m[2])!;
      const target = path.relative(src, path.resolve(path.dirname(file), spec)).replace(/\.js$/, '.ts');
      out.push({ file: path.relative(src, file), target });
    }
  }
  return out;
}

describe('layering', () => {
  it('finds the imports it checks', () => {
    expect(importsOf('session').some((i) => i.target === 'notification/package0.ts')).toBe(true);
    expect(importsOf('notification')).toContainEqual({ file: 'notification/package0.ts', target: 'auth/md5.ts' });
  });

  it('src/model imports only src/model', () => {
    expect(importsOf('model').filter((i) => !i.target.startsWith('model/'))).toEqual([]);
  });

  it('the Package 0 codec imports only the model and the MD5 digest', () => {
    expect(
      importsOf('notification').filter((i) => !i.target.startsWith('model/') && i.target !== 'auth/md5.ts'),
    ).toEqual([]);
  });

  it('src/sources, src/session and src/report import nothing from src/auth', () => {
    const auth = ['sources', 'session', 'report'].flatMap(importsOf).filter((i) => i.target.startsWith('auth/'));
    expect(auth).toEqual([]);
  });
});
