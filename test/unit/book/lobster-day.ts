// The real LOBSTER AMZN day (../shared/data/lobster), read once per test file.
import fs from 'node:fs';
import path from 'node:path';

const DIR = path.resolve(process.cwd(), '../shared/data/lobster');
export const MESSAGE_NAME = 'AMZN_2012-06-21_34200000_57600000_message_1.csv';
export const ORDERBOOK_NAME = 'AMZN_2012-06-21_34200000_57600000_orderbook_1.csv';
export const messageText = fs.readFileSync(path.join(DIR, MESSAGE_NAME), 'utf8');
export const orderbookText = fs.readFileSync(path.join(DIR, ORDERBOOK_NAME), 'utf8');

/** The first `rows` data rows of both files, header kept: a truncated day. */
export function truncated(rows: number): { message: string; orderbook: string } {
  const cut = (text: string): string =>
    text
      .split('\n')
      .slice(0, rows + 1)
      .join('\n');
  return { message: cut(messageText), orderbook: cut(orderbookText) };
}

export function barsFile(name: string): string {
  return fs.readFileSync(path.resolve(process.cwd(), '../shared/data', name), 'utf8');
}
