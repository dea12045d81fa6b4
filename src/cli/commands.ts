/** The registry of commands: each module adds its subcommand to the program. */
import type { Command } from 'commander';
import type { CliIO } from './io.js';
import { register as docs } from './docs.js';
import { register as sessions } from './sessions.js';
import { register as exportHar } from './export.js';

export type RegisterCommand = (program: Command, io: CliIO) => void;

export const commands: RegisterCommand[] = [docs, sessions, exportHar];
