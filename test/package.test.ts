/**
 * The package as a user gets it: `npm pack`, the tarball unpacked into a temp project's
 * node_modules/dmtrace, a TypeScript user script compiled with `tsc --strict` (NodeNext) against
 * `import … from 'dmtrace'` and run with node on the sample that ships in the package; every `ts`
 * block of docs/api.md compiled the same way, so the documented examples cannot rot.
 *
 * Offline by design: the tarball is unpacked with tar rather than `npm install`ed (which asks the
 * registry for the dependencies' metadata), and only the dependencies package.json declares are
 * linked from this repository's node_modules, so an import of an undeclared package fails here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';
import { readDoc } from './docs/markdown.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'dmtrace-pack-'));
const project = path.join(tmp, 'user');
const installed = path.join(project, 'node_modules', 'dmtrace');
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
let packed: string[] = [];
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => {
  if (!existsSync(path.join(repoRoot, 'dist', 'index.js'))) throw new Error('dist/ is not built: run npm run build');
  // dist/ was built by `npm test` (pretest); --ignore-scripts keeps pack from building it again.
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  packed = info!.files.map((f) => f.path);
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(tmp, info!.filename), '-C', installed, '--strip-components=1']);
  const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const dep of Object.keys(pkg.dependencies)) {
    mkdirSync(path.dirname(path.join(project, 'node_modules', dep)), { recursive: true });
    symlinkSync(path.join(repoRoot, 'node_modules', dep), path.join(project, 'node_modules', dep), 'dir');
  }
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'user', private: true, type: 'module' }));
  writeFileSync(
    path.join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'ES2022',
        lib: ['ES2023'],
        types: ['node'],
        typeRoots: [path.join(repoRoot, 'node_modules', '@types')],
        rootDir: 'src',
        outDir: 'out',
        skipLibCheck: false,
      },
      include: ['src'],
    }),
  );
  mkdirSync(path.join(project, 'src'));
}, 120_000);

/** Runs tsc in the user project; its output, and whether it passed. */
function compile(): { ok: boolean; output: string } {
  const r = spawnSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

const USER_SCRIPT = `
import { readFileSync } from 'node:fs';
import { decodeMessage, formatLint, lint, readSessions, type Finding, type Session } from 'dmtrace';

const sample = new URL('../node_modules/dmtrace/fixtures/sample/session.pcapng', import.meta.url).pathname;
const read = readSessions([sample]);
const sessions: Session[] = [];
for await (const s of read.sessions) sessions.push(s);
const result = await lint(sample, { config: { rules: { 'syncml-decode': 'off' } } });
const findings: Finding[] = result.findings;
const stylish: string = formatLint(result);
const wbxml = decodeMessage(readFileSync(process.argv[2]!), { origin: { input: 'msg2.wbxml' } });
console.log(
  JSON.stringify({
    messages: read.summary.dmMessages,
    sessions: sessions.map((s) => [s.id, s.packages.length]),
    rules: findings.map((f) => f.rule),
    stylish: stylish.split('\\n').at(-2),
    sessionID: wbxml.syncml?.hdr.sessionID ?? null,
  }),
);
`;

describe('the packed package', () => {
  it('ships dist with its declarations, bin, docs and fixtures/sample, and nothing else', () => {
    expect(packed).toContain('dist/index.js');
    expect(packed).toContain('dist/index.d.ts');
    expect(packed).toContain('bin/dmtrace.js');
    expect(packed).toContain('fixtures/sample/session.pcapng');
    const outside = packed.filter(
      (p) => !/^(package\.json|README\.md|bin\/|dist\/|docs\/[\w-]+\.md$|fixtures\/sample\/)/.test(p),
    );
    expect(outside).toEqual([]);
    // dist holds only what src builds: no tests, nothing left from a module that moved.
    const stale = packed
      .filter((p) => p.startsWith('dist/') && p.endsWith('.js'))
      .filter((p) => !existsSync(path.join(repoRoot, 'src', p.slice('dist/'.length).replace(/\.js$/, '.ts'))));
    expect(stale).toEqual([]);
  });

  it('runs a TypeScript user script compiled with tsc --strict against import … from "dmtrace"', () => {
    writeFileSync(path.join(project, 'src', 'user.ts'), USER_SCRIPT);
    const built = compile();
    expect(built.output).toBe('');
    expect(built.ok).toBe(true);
    const run = spawnSync(
      process.execPath,
      [path.join(project, 'out', 'user.js'), path.join(repoRoot, 'fixtures/messages/msg2.wbxml')],
      { cwd: project, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      messages: 4,
      sessions: [['DMCtest/1', 4]],
      rules: ['dm-content-type', 'dm-content-type'],
      stylish: expect.stringMatching(/^✖ 2 problems \(2 errors, 0 warnings\)/),
      sessionID: '22100',
    });
  });

  it('type-checks its users: a wrong argument is a compile error', () => {
    writeFileSync(
      path.join(project, 'src', 'user.ts'),
      `import { decodeMessage } from 'dmtrace';\ndecodeMessage('not bytes');\n`,
    );
    const built = compile();
    expect(built.ok).toBe(false);
    expect(built.output).toMatch(/user\.ts\(2,15\): error TS2345/);
  });

  it('exports only its entry point: a deep import is refused', () => {
    const r = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "await import('dmtrace/dist/sources/index.js')"],
      {
        cwd: project,
        encoding: 'utf8',
      },
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('compiles every ts example of docs/api.md and the README', () => {
    rmSync(path.join(project, 'src'), { recursive: true, force: true });
    mkdirSync(path.join(project, 'src'));
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const blocks = [readDoc('api.md'), readme].flatMap((doc) =>
      [...doc.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!),
    );
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    // Every type docs/api.md names is importable from 'dmtrace'.
    const api = readDoc('api.md');
    const types = [
      ...[...api.matchAll(/^\| `(\w+)` \| type \|/gm)].map((m) => m[1]!),
      ...[...(/^The options types are named[^]*?\.$/m.exec(api)?.[0] ?? '').matchAll(/`(\w+)`/g)].map((m) => m[1]!),
    ];
    expect(types.length).toBeGreaterThan(20);
    blocks.push(`import type { ${types.join(', ')} } from 'dmtrace';\nexport type All = [${types.join(', ')}];\n`);
    blocks.forEach((code, i) => writeFileSync(path.join(project, 'src', `api-${i + 1}.ts`), `${code}export {};\n`));
    const built = compile();
    expect(built.output).toBe('');
    expect(built.ok).toBe(true);
  });
});
