import {
  atrBatch,
  barsToColumns,
  bbandsBatch,
  DEFAULT_ATR_PERIOD,
  DEFAULT_BB_K,
  DEFAULT_BB_PERIOD,
  DEFAULT_RSI_PERIOD,
  emaBatch,
  rsiBatch,
  smaBatch,
  stddevBatch,
  trueRangeBatch,
} from '../engine/index.js';
import { parseFlags, periodFlag, readBars, UsageError, type CliIo } from './io.js';

/** Shortest text that reads back as the same double; empty while warming up. */
const cell = (x: number): string => (Number.isNaN(x) ? '' : String(x));

/** `exitplan indicators <bars> [--out file]`: one CSV row per bar. */
export function runIndicatorsCommand(argv: string[], io: CliIo): number {
  const { values, positionals } = parseFlags(argv, {
    out: { type: 'string' },
    atr: { type: 'string' },
    rsi: { type: 'string' },
    bb: { type: 'string' },
    'bb-k': { type: 'string' },
    sma: { type: 'string' },
    ema: { type: 'string' },
    stddev: { type: 'string' },
  });
  if (positionals.length !== 1)
    throw new UsageError('give exactly one bars file, e.g. exitplan indicators bars.csv');
  const atrN = periodFlag('atr', values.atr, DEFAULT_ATR_PERIOD);
  const rsiN = periodFlag('rsi', values.rsi, DEFAULT_RSI_PERIOD);
  const bbN = periodFlag('bb', values.bb, DEFAULT_BB_PERIOD);
  const smaN = periodFlag('sma', values.sma, 20);
  const emaN = periodFlag('ema', values.ema, 20);
  const sdN = periodFlag('stddev', values.stddev, 20);
  const bbK = values['bb-k'] === undefined ? DEFAULT_BB_K : Number(values['bb-k']);
  if (!(bbK > 0)) throw new UsageError(`--bb-k must be a number above 0, got "${values['bb-k']}"`);

  const c = barsToColumns(readBars(io, positionals[0]));
  const tr = trueRangeBatch(c.high, c.low, c.close);
  const atr = atrBatch(c.high, c.low, c.close, atrN);
  const rsi = rsiBatch(c.close, rsiN);
  const bands = bbandsBatch(c.close, bbN, bbK);
  const sma = smaBatch(c.close, smaN);
  const ema = emaBatch(c.close, emaN);
  const sd = stddevBatch(c.close, sdN);

  const rows = [
    `time,tr,atr${atrN},rsi${rsiN},bb_upper,bb_middle,bb_lower,sma${smaN},ema${emaN},stddev${sdN}`,
  ];
  for (let i = 0; i < c.time.length; i++) {
    rows.push(
      [
        c.time[i],
        cell(tr[i]),
        cell(atr[i]),
        cell(rsi[i]),
        cell(bands.upper[i]),
        cell(bands.middle[i]),
        cell(bands.lower[i]),
        cell(sma[i]),
        cell(ema[i]),
        cell(sd[i]),
      ].join(','),
    );
  }
  const text = rows.join('\n') + '\n';
  if (values.out) {
    io.writeFile(values.out, text);
    io.stderr(`wrote ${c.time.length} rows to ${values.out}\n`);
  } else io.stdout(text);
  return 0;
}
