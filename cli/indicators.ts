import {
  ATR,
  BollingerBands,
  DEFAULT_ATR_PERIOD,
  DEFAULT_BB_K,
  DEFAULT_BB_PERIOD,
  DEFAULT_RSI_PERIOD,
  EMA,
  RSI,
  SMA,
  StdDev,
  TrueRange,
  type BarColumns,
} from '../engine/index.js';
import { parseFlags } from './flags.js';
import { UsageError, type CliIo } from './io.js';
import { numberFlag, periodFlag } from './numbers.js';
import { streamBars } from './read-bars.js';

/** The CLI's own period for its SMA, EMA and StdDev columns (the engine's defaults cover the rest). */
const COLUMN_PERIOD = 20;

export const INDICATORS_HELP = `usage: exitplan indicators <bars.csv> [--out file.csv] [--atr ${DEFAULT_ATR_PERIOD}] [--rsi ${DEFAULT_RSI_PERIOD}] [--bb ${DEFAULT_BB_PERIOD}] [--bb-k ${DEFAULT_BB_K}]
                           [--sma 20] [--ema 20] [--stddev 20]

One CSV row per bar: time,tr,atr14,rsi14,bb_upper,bb_middle,bb_lower,sma20,ema20,stddev20
(the periods in the names follow the flags; an empty cell while an indicator warms up).
Values are printed to 12 significant digits: a double carries about 16, and the last ones
are the arithmetic's rounding, not the market's (2.6562999999999874 is printed 2.6563).
The file is read as a stream: any size, in bounded memory.

  --out <file>     write the rows to a file instead of stdout
  --atr <n>        ATR period (Wilder's smoothing, TA-Lib's convention), default ${DEFAULT_ATR_PERIOD}
  --rsi <n>        RSI period, default ${DEFAULT_RSI_PERIOD}
  --bb <n>         Bollinger period, default ${DEFAULT_BB_PERIOD}
  --bb-k <k>       Bollinger width in standard deviations (above 0, at most 100), default ${DEFAULT_BB_K}
  --sma <n>, --ema <n>, --stddev <n>   periods, default ${COLUMN_PERIOD} (every period 1 to 100,000)
`;

/** Significant digits printed: what the computation means, without its last rounding bits. */
export const INDICATOR_DIGITS = 12;

/** A value to 12 significant digits, in the shortest text that reads back as it; empty while warming up. */
export const indicatorCell = (x: number | null): string =>
  x === null || Number.isNaN(x) ? '' : String(Number(x.toPrecision(INDICATOR_DIGITS)));

/** `exitplan indicators <bars> [--out file]`: one CSV row per bar, computed as the bars stream in. */
export function runIndicatorsCommand(argv: string[], io: CliIo): number {
  const flags = parseFlags('indicators', argv, {
    out: 'value',
    atr: 'value',
    rsi: 'value',
    bb: 'value',
    'bb-k': 'value',
    sma: 'value',
    ema: 'value',
    stddev: 'value',
  });
  if (flags.help) {
    io.stdout(INDICATORS_HELP);
    return 0;
  }
  if (flags.positionals.length !== 1)
    throw new UsageError('give exactly one bars file, e.g. exitplan indicators bars.csv');
  const atrN = periodFlag('atr', flags.value('atr'), DEFAULT_ATR_PERIOD);
  const rsiN = periodFlag('rsi', flags.value('rsi'), DEFAULT_RSI_PERIOD);
  const bbN = periodFlag('bb', flags.value('bb'), DEFAULT_BB_PERIOD);
  const smaN = periodFlag('sma', flags.value('sma'), COLUMN_PERIOD);
  const emaN = periodFlag('ema', flags.value('ema'), COLUMN_PERIOD);
  const sdN = periodFlag('stddev', flags.value('stddev'), COLUMN_PERIOD);
  const bbKText = flags.value('bb-k');
  const bbK =
    bbKText === undefined
      ? DEFAULT_BB_K
      : numberFlag('bb-k', bbKText, {
          min: 0,
          aboveMin: true,
          max: 100,
          what: 'a number of standard deviations',
          example: '2',
        });

  const tr = new TrueRange();
  const atr = new ATR(atrN);
  const rsi = new RSI(rsiN);
  const bands = new BollingerBands(bbN, bbK);
  const sma = new SMA(smaN);
  const ema = new EMA(emaN);
  const sd = new StdDev(sdN);
  const path = flags.value('out');
  const output = path === undefined ? { write: io.stdout, close: () => {} } : io.openOutput(path);
  let rows = 0;
  const bar = { high: NaN, low: NaN, close: NaN };
  try {
    output.write(
      `time,tr,atr${atrN},rsi${rsiN},bb_upper,bb_middle,bb_lower,sma${smaN},ema${emaN},stddev${sdN}\n`,
    );
    streamBars(io, 'indicators', flags.positionals[0], (c: BarColumns) => {
      const lines: string[] = [];
      for (let i = 0; i < c.time.length; i++) {
        bar.high = c.high[i];
        bar.low = c.low[i];
        bar.close = c.close[i];
        const close = c.close[i];
        const trNow = tr.add(bar);
        const atrNow = atr.add(bar);
        const rsiNow = rsi.add(close);
        bands.add(close);
        lines.push(
          [
            c.time[i],
            indicatorCell(trNow),
            indicatorCell(atrNow),
            indicatorCell(rsiNow),
            indicatorCell(bands.upper),
            indicatorCell(bands.middle),
            indicatorCell(bands.lower),
            indicatorCell(sma.add(close)),
            indicatorCell(ema.add(close)),
            indicatorCell(sd.add(close)),
          ].join(','),
        );
      }
      rows += c.time.length;
      output.write(lines.join('\n') + '\n');
    });
  } finally {
    output.close();
  }
  if (path !== undefined) io.stderr(`wrote ${rows} rows to ${path}\n`);
  return 0;
}
