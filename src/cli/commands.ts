/** The registry of commands: each module adds its subcommand to the program. */
import type { Command } from 'commander';
import type { CliIO } from './io.js';
import { register as decode } from './decode.js';
import { register as encode } from './encode.js';
import { register as docs } from './docs.js';
import { register as sessions } from './sessions.js';
import { register as exportHar } from './export.js';
import { register as replay } from './replay.js';
import { register as lint } from './lint.js';
import { register as scr } from './scr.js';
import { register as merge } from './merge.js';

export type RegisterCommand = (program: Command, io: CliIO) => void;

export const commands: RegisterCommand[] = [decode, encode, docs, sessions, exportHar, replay, lint, scr, merge];
