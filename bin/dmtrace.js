#!/usr/bin/env node
// Thin launcher: the CLI is built into dist/ by `npm install` (prepare) or `npm run build`.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
