#!/usr/bin/env node
// Thin launcher: the CLI is built into dist/ by `npm install` (prepare) or `npm run build`.
import v8 from 'node:v8';

// The command line streams: what it holds is small and short-lived, so let V8's heap grow by 20%
// over what survives a collection instead of its default factor (up to 2x and more), which kept
// peak RSS near 300 MB on a 100 MB capture for a live heap of 60-90 MB (README "Memory").
// Library users keep Node's defaults.
v8.setFlagsFromString('--heap-growing-percent=20');
const { main } = await import('../dist/cli/main.js');

process.exitCode = await main(process.argv);
