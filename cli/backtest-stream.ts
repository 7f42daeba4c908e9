import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StreamingLab, type LabReport, type LabRequest } from '../engine/backtest/index.js';
import type { CliIo } from './io.js';
import { streamBars } from './read-bars.js';

/**
 * Files from this size up are backtested as they stream past (engine/backtest/stream-lab.ts),
 * read three times and never held: a pass that counts the bars, then the two passes of the
 * lab. Smaller files are held as columns and run once (faster; the same report).
 */
export const STREAM_FROM_BYTES = 32 << 20;

/** What a streamed run gives writeJson: its report, the times of its equity points, and its trades' text. */
export interface StreamedBacktest {
  report: LabReport;
  pointTimes: Float64Array;
  /** Writes policy i's trades as writeJson would (comma-joined JSON objects), then forgets them. */
  trades: ((policy: number, write: (s: string) => void) => void) | null;
  /** Deletes the trades' spill files (always call it). */
  cleanUp(): void;
}

/**
 * `exitplan backtest` over a file too big to hold. With `--json`, every trade's text is written
 * to a spill file per policy as it closes (the report's statistics, which come first in the
 * JSON, are only known at the end), and copied into the output after them.
 */
export function runStreamedBacktest(
  io: CliIo,
  file: string,
  request: LabRequest,
  json: (value: unknown) => string,
  keepTrades: boolean,
): StreamedBacktest {
  let bars = 0;
  streamBars(io, 'backtest', file, (columns) => (bars += columns.time.length), true, 'counting');
  const lab = new StreamingLab(request, bars);
  let dir: string | null = null;
  let spills: Spill[] = [];
  const cleanUp = (): void => {
    for (const s of spills) s.close();
    if (dir !== null) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (keepTrades) {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exitplan-trades-'));
      const base = dir;
      spills = lab.options.policies.map((_p, i) => new Spill(path.join(base, `${i}.json`)));
      lab.onTrade = (p, trade) => spills[p].add(json(trade));
    }
    for (const pass of ['pass 1 of 2', 'pass 2 of 2']) {
      lab.pass();
      streamBars(io, 'backtest', file, (columns) => lab.push(columns), false, pass);
    }
    for (const s of spills) s.close();
    return {
      report: lab.report(),
      pointTimes: lab.pointTimes,
      trades: keepTrades ? (p, write) => spills[p].copyTo(write) : null,
      cleanUp,
    };
  } catch (error) {
    cleanUp();
    throw error;
  }
}

/** One policy's trades as comma-joined JSON text in a temporary file, written in pieces. */
class Spill {
  private fd: number | null;
  private pending: string[] = [];
  private pendingLength = 0;
  private count = 0;

  constructor(private readonly file: string) {
    this.fd = fs.openSync(file, 'w');
  }

  add(text: string): void {
    this.pending.push(this.count++ > 0 ? `,${text}` : text);
    this.pendingLength += text.length;
    if (this.pendingLength > 1 << 18) this.flush();
  }

  close(): void {
    if (this.fd === null) return;
    this.flush();
    fs.closeSync(this.fd);
    this.fd = null;
  }

  copyTo(write: (s: string) => void): void {
    const fd = fs.openSync(this.file, 'r');
    try {
      const buffer = new Uint8Array(1 << 20);
      const decoder = new TextDecoder();
      for (;;) {
        const n = fs.readSync(fd, buffer, 0, buffer.length, null);
        if (n === 0) break;
        write(decoder.decode(buffer.subarray(0, n), { stream: true }));
      }
      const rest = decoder.decode();
      if (rest !== '') write(rest);
    } finally {
      fs.closeSync(fd);
    }
  }

  private flush(): void {
    if (this.pending.length === 0 || this.fd === null) return;
    fs.writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }
}
