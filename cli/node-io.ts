import fs from 'node:fs';
import { InputError, type CliIo } from './io.js';

/** Pieces of 4 MiB: large enough that a read costs little, small enough to hold in any memory. */
const CHUNK = 4 << 20;

function cannotRead(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InputError(`no such file: ${path}`);
  if (code === 'EISDIR') return new InputError(`${path} is a folder; give a bars file`);
  return new InputError(`cannot read ${path}: ${(error as Error).message}`);
}

/** The command line's io: files read synchronously in pieces, so memory stays bounded. */
export function nodeIo(out: (s: string) => void, err: (s: string) => void, interactive: boolean): CliIo {
  return {
    readChunks(path, onChunk) {
      let fd: number;
      try {
        fd = fs.openSync(path, 'r');
      } catch (error) {
        throw cannotRead(path, error);
      }
      try {
        const buffer = new Uint8Array(CHUNK);
        for (;;) {
          let n: number;
          try {
            n = fs.readSync(fd, buffer, 0, CHUNK, null);
          } catch (error) {
            throw cannotRead(path, error);
          }
          if (n === 0) break;
          // The reader keeps no reference past the call except copies of a partial last line.
          onChunk(buffer.subarray(0, n));
        }
      } finally {
        fs.closeSync(fd);
      }
    },
    fileSize(path) {
      try {
        return fs.statSync(path).size;
      } catch {
        return 0;
      }
    },
    openOutput(path) {
      let fd: number;
      try {
        fd = fs.openSync(path, 'w');
      } catch (error) {
        throw new InputError(`cannot write ${path}: ${(error as Error).message}`);
      }
      return {
        write: (text) => void fs.writeSync(fd, text),
        close: () => fs.closeSync(fd),
      };
    },
    stdout: out,
    stderr: err,
    interactive,
  };
}
