/**
 * A Node module loader for the fuzz harness's worker processes (test/fuzz/register.mjs): `.ts`
 * files are turned into JavaScript with TypeScript's transpileModule (no type check: `npm test`
 * type-checks them), and an import of `./x.js` that does not exist resolves to `./x.ts`, as the
 * sources are written for tsc. So a worker runs src/ and test/ as they are, without a build.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    if (err?.code === 'ERR_MODULE_NOT_FOUND' && /^(?:\.{1,2}\/|\/|file:)/.test(specifier) && specifier.endsWith('.js'))
      return next(`${specifier.slice(0, -3)}.ts`, context);
    throw err;
  }
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const file = fileURLToPath(url);
  const out = ts.transpileModule(await readFile(file, 'utf8'), {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      sourceMap: false,
      inlineSourceMap: true,
      inlineSources: false,
    },
  });
  return { format: 'module', source: out.outputText, shortCircuit: true };
}
