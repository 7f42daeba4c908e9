// The engine's public index (engine/index.ts) is a deliberate list (issue 15 item 3): what the
// widget, the extension, the CLI and the tests import from it. Adding an export means adding
// its name here; dropping the last import of one fails the second test, so the list shrinks
// with the code instead of growing with every area's internals.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as engine from '../../../engine/index.js';

/** The values engine/index.ts exports, by the area they come from. */
const PUBLIC: Record<string, string[]> = {
  errors: ['BarsError', 'PlanError'],
  indicators: [
    'ATR',
    'atrBatch',
    'barsToColumns',
    'bbandsBatch',
    'BollingerBands',
    'EMA',
    'RSI',
    'rsiBatch',
    'SMA',
    'StdDev',
    'TrueRange',
  ],
  plan: [
    'DEFAULT_ATR_PERIOD',
    'DEFAULT_BB_K',
    'DEFAULT_BB_PERIOD',
    'DEFAULT_EXHAUSTION',
    'DEFAULT_EXHAUSTION_TAKE',
    'DEFAULT_INDICATORS',
    'DEFAULT_MAX_BARS',
    'DEFAULT_RSI_OVERBOUGHT',
    'DEFAULT_RSI_OVERSOLD',
    'DEFAULT_RSI_PERIOD',
    'PLAN_FIELDS',
    'planField',
    'isLastEntry',
    'isPlanSpec',
    'withLastEntry',
    'MAX_PLAN_NUMBER',
    'parseBreakeven',
    'parseDecay',
    'parseExhaustion',
    'parseFees',
    'parseLadder',
    'parsePlan',
    'parseSide',
    'parseSize',
    'parseStop',
    'parseSwing',
    'parseTrail',
    'validatePlan',
    'parseTime',
    'describePlan',
    'formatPlan',
  ],
  exits: [
    'ContextColumns',
    'contextNeeds',
    'emptyContext',
    'StreamingContext',
    'formatPrice',
    'formatR',
    'resolveLevels',
    'Position',
    'computeOverlay',
    'ExitTracker',
  ],
  io: [
    'barsFromColumns',
    'CsvBarReader',
    'parseBarColumnsCsv',
    'parseBarsCsv',
    'parseBarsJson',
    'validateBars',
  ],
  session: [
    'ChartSession',
    'DEFAULT_INDICATOR_SETTINGS',
    'EngineSession',
    'LabSession',
    'PolicySession',
    'ReversalSession',
  ],
  backtest: [
    'BacktestCancelled',
    'BacktestError',
    'compilePolicy',
    'DEFAULT_POLICIES',
    'labOptions',
    'parseEntryRule',
    'resolveEntries',
    'runLab',
  ],
  feeds: [
    'BINANCE_ENDPOINTS',
    'BINANCE_INTERVALS',
    'binanceKlineProblem',
    'describeFeedStatus',
    'parseKlines',
    'startBinanceBookFeed',
    'startBinanceKlineFeed',
    'startYahooPoll',
    'YAHOO_CHART_URL',
    'YAHOO_INTERVALS',
  ],
  ml: [
    'buildModelFile',
    'buildPolicyFile',
    'CONTENDERS',
    'DEFAULT_POLICY_SETTINGS',
    'defaultRetrainEvery',
    'heatMap',
    'judgePolicy',
    'labDirectors',
    'loadModelFile',
    'loadPolicyFile',
    'MlError',
    'policyFilesNamed',
    'REGIME_SETTINGS',
    'REGIMES',
    'regimesBatch',
    'RESPONSE_MATRIX',
    'reversalFor',
    'reversalGates',
    'scoreWithModel',
    'settingsWith',
    'trainPolicy',
    'validationReport',
    'walkForwardReversal',
  ],
  book: [
    'BookError',
    'BookIndicators',
    'BookReplay',
    'CorrelationShield',
    'DEFAULT_CORRELATION',
    'DEFAULT_ENTROPY',
    'DEFAULT_IMBALANCE',
    'emptyFill',
    'EntropyGuard',
    'fillExit',
    'formatCorrelation',
    'formatEntropy',
    'formatImbalance',
    'formatLiquidity',
    'ImbalanceShield',
    'LiquidityShield',
    'lobsterMidnightMs',
    'newYorkMidnightMs',
    'parseCorrelation',
    'parseEntropy',
    'parseImbalance',
    'parseLiquidity',
    'readLobster',
    'slippageAgainstMid',
    'TradeBarBuilder',
  ],
  journal: ['journal'],
};

const ROOT = path.resolve(__dirname, '../../..');
const INDEX = path.join(ROOT, 'engine/index.ts');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

/** The names each import (or re-export) of the engine's index, or of the package's `exitplan/engine`, brings in, over widget/, extension/, cli/ and test/. */
function importedFromIndex(): Set<string> {
  const names = new Set<string>();
  // `import { a, type B } from` and re-exports, `export { a } from`.
  const importRe = /(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s*from\s*'([^']+)'/g;
  for (const dir of ['widget', 'extension', 'cli', 'test']) {
    for (const file of sources(path.join(ROOT, dir))) {
      if (file === __filename) continue;
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(importRe)) {
        if (path.resolve(path.dirname(file), m[2]).replace(/\.js$/, '.ts') !== INDEX) continue;
        for (const part of m[1].split(',')) {
          const name = part
            .replace(/^\s*type\s+/, '')
            .split(/\s+as\s+/)[0]
            .trim();
          if (name !== '') names.add(name);
        }
      }
      // A Node user's `import('exitplan/engine').then((e) => ... e.name ...)` (test/e2e/cli.test.ts).
      for (const m of text.matchAll(/import\('exitplan\/engine'\)\.then\(\((\w+)\) =>(.*)/g)) {
        for (const use of m[2].matchAll(new RegExp(`\\b${m[1]}\\.(\\w+)`, 'g'))) names.add(use[1]);
      }
    }
  }
  return names;
}

describe("the engine's public index", () => {
  it('exports exactly the listed values: a new one is added here on purpose', () => {
    expect(Object.keys(engine).sort()).toEqual(Object.values(PUBLIC).flat().sort());
  });

  it('exports nothing the widget, the extension, the CLI or the tests do not import', () => {
    const imported = importedFromIndex();
    expect(
      Object.values(PUBLIC)
        .flat()
        .filter((name) => !imported.has(name)),
    ).toEqual([]);
  });
});
