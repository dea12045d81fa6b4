/** Paths shared by the tests: the repository, its fixtures, and the shared corpus beside it. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const fixtures = path.join(repoRoot, 'fixtures');
/** ../shared/corpus: real DM bytes nobody here wrote (a read-only copy sits beside the clone in CI). */
export const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');
export const cli = path.join(repoRoot, 'bin', 'dmtrace.js');
