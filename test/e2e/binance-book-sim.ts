import type { BrowserContext, WebSocketRoute } from 'playwright-core';
import type { BookTrade } from '../../engine/index.js';
import {
  aggTradeMessage,
  aggTradeRow,
  bookTickerMessage,
  depthMessage,
  type BinanceBookScript,
} from './lobster-binance.js';

/**
 * Binance's combined book stream (`/stream?streams=<s>@bookTicker/<s>@aggTrade/<s>@depth10@100ms`)
 * and the REST
 * `aggTrades` endpoint (spot's api/v3 or futures' fapi/v1, as the script's market says), served at the network boundary from a LOBSTER stretch turned into
 * Binance messages (lobster-binance.ts). The test releases rows one by one; every trade
 * released is also what REST returns for a backfill, as Binance keeps its trade history.
 * Installed after BinanceSim (playwright tries the newest WebSocket route first), it answers
 * only the combined book stream and leaves the kline sockets to BinanceSim.
 */
export class BinanceBookSim {
  private sockets: WebSocketRoute[] = [];
  /** Trades released so far, by aggregate id (what REST knows). */
  private readonly released = new Map<number, { trade: BookTrade; timeMs: number }>();
  readonly restCalls: string[] = [];
  streamsAsked: string[] = [];
  connections = 0;

  constructor(readonly script: BinanceBookScript) {}

  static async install(context: BrowserContext, sim: BinanceBookSim): Promise<void> {
    await context.route(
      /^https:\/\/(api|fapi)\.binance\.com\/(api\/v3|fapi\/v1)\/aggTrades/,
      async (route) => {
        const url = new URL(route.request().url());
        sim.restCalls.push(url.search);
        await route.fulfill({
          contentType: 'application/json',
          headers: { 'access-control-allow-origin': '*' },
          body: JSON.stringify(sim.aggTrades(url)),
        });
      },
    );
    await context.routeWebSocket(/stream\.binance\.com(:\d+)?\/stream\?streams=/, (ws) => {
      sim.streamsAsked.push(new URL(ws.url()).searchParams.get('streams') ?? '');
      sim.connections++;
      sim.sockets.push(ws);
      ws.onClose(() => (sim.sockets = sim.sockets.filter((s) => s !== ws)));
    });
  }

  get connected(): number {
    return this.sockets.length;
  }

  /** GET /api/v3/aggTrades?symbol&fromId&limit: the released trades from that id on. */
  private aggTrades(url: URL): unknown[] {
    const from = Number(url.searchParams.get('fromId'));
    const limit = Number(url.searchParams.get('limit') ?? 500);
    const rows: unknown[] = [];
    for (let id = from; rows.length < limit; id++) {
      const r = this.released.get(id);
      if (!r) break;
      rows.push(aggTradeRow(id, r.trade, r.timeMs));
    }
    return rows;
  }

  /** Makes a trade known to REST (it happened) without sending it on the stream. */
  releaseTrade(i: number, timeMs = this.script.rows[i].trade?.timeMs ?? 0): void {
    const id = this.script.tradeIds[i];
    const trade = this.script.rows[i].trade;
    if (id !== null && trade) this.released.set(id, { trade, timeMs });
  }

  /** Sends row i's bookTicker on every open stream. */
  sendTop(i: number): void {
    const s = this.script;
    const msg = bookTickerMessage(s.symbol, s.updateIds[i], s.rows[i].top, s.market);
    for (const ws of this.sockets) ws.send(msg);
  }

  /** Sends the partial book after row i (its first `levels` levels a side) on every open stream. */
  sendDepth(i: number, levels = 10): void {
    const s = this.script;
    const msg = depthMessage(s.symbol, s.depth[i], s.market, levels);
    for (const ws of this.sockets) ws.send(msg);
  }

  /** Releases row i's trade (if it has one) and sends it on every open stream. */
  sendTrade(i: number, timeMs = this.script.rows[i].trade?.timeMs ?? 0): void {
    const id = this.script.tradeIds[i];
    const trade = this.script.rows[i].trade;
    if (id === null || !trade) return;
    this.releaseTrade(i, timeMs);
    const msg = aggTradeMessage(this.script.symbol, id, trade, timeMs);
    for (const ws of this.sockets) ws.send(msg);
  }

  /** Row i as the exchange sends it: its trade (if any) first, then the top it left. */
  sendRow(i: number): void {
    this.sendTrade(i);
    this.sendTop(i);
  }

  dropConnections(): void {
    for (const ws of this.sockets) void ws.close({ code: 1006, reason: 'test drop' }).catch(() => undefined);
  }
}
