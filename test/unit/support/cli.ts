// Runs the `exitplan` command in-process with the real file io (cli/node-io.ts), its output
// recorded; `files` adds in-memory files a test writes (a trade list, a broken CSV).
import { main } from '../../../cli/exitplan.js';
import type { CliIo } from '../../../cli/io.js';
import { nodeIo } from '../../../cli/node-io.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  written: Map<string, string>;
}

/** `interactive`: stderr is a terminal; `claimedSize`: what fileSize says of the in-memory files. */
export function runCli(
  argv: string[],
  files: Record<string, string> = {},
  interactive = false,
  claimedSize?: number,
): CliRun {
  const out: string[] = [];
  const err: string[] = [];
  const written = new Map<string, string>();
  const real = nodeIo(
    (s) => void out.push(s),
    (s) => void err.push(s),
    interactive,
  );
  const io: CliIo = {
    ...real,
    readChunks(path, onChunk) {
      if (path in files) {
        const bytes = new TextEncoder().encode(files[path]);
        // In pieces of 7 bytes, so every test also crosses chunk boundaries.
        for (let i = 0; i < bytes.length; i += 7) onChunk(bytes.subarray(i, i + 7));
      } else real.readChunks(path, onChunk);
    },
    fileSize: (path) => (path in files ? (claimedSize ?? files[path].length) : real.fileSize(path)),
    openOutput(path) {
      written.set(path, '');
      return { write: (t) => void written.set(path, written.get(path)! + t), close: () => {} };
    },
  };
  const code = main(argv, io);
  return { code, stdout: out.join(''), stderr: err.join(''), written };
}
