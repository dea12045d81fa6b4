/**
 * `dmtrace encode <FILE.xml> [-o FILE.wbxml]`: an XML SyncML message as WBXML (SyncML 1.2 public
 * id, UTF-8), the way a device or server would send it.
 */
import { writeFile, readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { readXml } from '../xml/read.js';
import { writeWbxml } from '../wbxml/write.js';
import { formatWhere } from '../model/problem.js';
import { type CliIO, fail } from './io.js';

interface EncodeOptions {
  output?: string;
  stringTable?: boolean;
  opaqueData?: boolean;
}

export function register(program: Command, io: CliIO): void {
  program
    .command('encode')
    .description('encode an XML SyncML message as WBXML')
    .argument('<file>', 'an XML message; - for stdin')
    .option('-o, --output <file>', 'write the WBXML here (default: stdout, unless it is a terminal)')
    .option('--string-table', 'put repeated strings in the string table (STR_T)')
    .option('--opaque-data', 'write Data content as OPAQUE rather than inline strings')
    .addHelpText(
      'after',
      `
Examples:
  dmtrace encode package2.xml -o package2.wbxml
  dmtrace encode package2.xml | dmtrace decode - --format tree`,
    )
    .action(async (file: string, opts: EncodeOptions) => {
      await encode(file, opts, io);
    });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

async function encode(file: string, opts: EncodeOptions, io: CliIO): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = file === '-' ? await readAll(io.stdin) : await readFile(file);
  } catch (err) {
    fail(io, `${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return;
  }
  const { root, problems } = readXml(bytes);
  for (const p of problems) io.stderr.write(`dmtrace: ${file}: ${p.severity} at ${formatWhere(p)}: ${p.message}\n`);
  if (!root || problems.some((p) => p.severity === 'error')) {
    fail(io, `${file}: not encoded: the XML has errors`);
    return;
  }
  const wbxml = writeWbxml(root, { stringTable: !!opts.stringTable, opaqueData: !!opts.opaqueData });
  if (opts.output) {
    try {
      await writeFile(opts.output, wbxml);
    } catch (err) {
      fail(io, `${opts.output}: cannot write: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    return;
  }
  if (io.stdout.isTTY) {
    fail(io, 'refusing to write binary WBXML to a terminal: use -o FILE or a pipe');
    return;
  }
  io.stdout.write(wbxml);
}
