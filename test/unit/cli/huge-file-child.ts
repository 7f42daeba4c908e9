// Run by huge-file.test.ts in its own Node process (node --import tsx): `exitplan <argv>` on a
// 560 MiB bars file that this io makes on the fly, 4 MiB at a time, and never holds. Prints one
// JSON line: the exit code, stderr, the bytes read, the bars made, the stdout text (capped) and
// the longest single stdout write. (In-process under vitest the reader's byte loop runs ~10x
// slower: vite's module transform turns each imported constant into a property read.)
import { main } from '../../../cli/exitplan.js';
import type { CliIo } from '../../../cli/io.js';

export const FILE_BYTES = 560 * 2 ** 20;
export const START = 1_600_000_000;
/** A note column of 100,000 characters that the reader skips: few bars, every byte still read. */
const NOTE = new TextEncoder().encode(','.padEnd(100_000, 'x') + '\n');

/** The bar of row i: a close on a sine wave around 100, high and low one above and below. */
export function rowOf(i: number): string {
  const close = (100 + 10 * Math.sin(i / 50)).toFixed(2);
  return `${START + 60 * i},${close},${(Number(close) + 1).toFixed(2)},${(Number(close) - 1).toFixed(2)},${close}`;
}

export interface HugeRun {
  code: number;
  stderr: string;
  bytesRead: number;
  bars: number;
  stdout: string;
  longestWrite: number;
}

function run(argv: string[]): HugeRun {
  const encoder = new TextEncoder();
  const result: HugeRun = { code: -1, stderr: '', bytesRead: 0, bars: 0, stdout: '', longestWrite: 0 };
  const io: CliIo = {
    readChunks(_path, onChunk) {
      const buffer = new Uint8Array(4 << 20);
      const header = encoder.encode('time,open,high,low,close,note\n');
      buffer.set(header);
      let length = header.length;
      let sent = 0;
      let i = 0;
      for (; sent + length < FILE_BYTES; i++) {
        const row = encoder.encode(rowOf(i));
        if (length + row.length + NOTE.length > buffer.length) {
          onChunk(buffer.subarray(0, length));
          sent += length;
          length = 0;
        }
        buffer.set(row, length);
        length += row.length;
        buffer.set(NOTE, length);
        length += NOTE.length;
      }
      onChunk(buffer.subarray(0, length));
      result.bytesRead = sent + length;
      result.bars = i;
    },
    fileSize: () => FILE_BYTES,
    openOutput: () => ({ write: () => {}, close: () => {} }),
    stdout: (s) => {
      result.longestWrite = Math.max(result.longestWrite, s.length);
      // Kept up to 4 MB: enough for every command's output here (at most ~0.6 MB).
      if (result.stdout.length < 4e6) result.stdout += s;
    },
    stderr: (s) => void (result.stderr += s),
    interactive: false,
  };
  result.code = main(argv, io);
  return result;
}

if (process.argv[2] === 'run') process.stdout.write(JSON.stringify(run(process.argv.slice(3))));
