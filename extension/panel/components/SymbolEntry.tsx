import { useState } from 'preact/hooks';

/** On a page no adapter knows, the trader types the symbol the page shows. */
export function SymbolEntry({ onSymbol }: { onSymbol(symbol: string): void }) {
  const [typed, setTyped] = useState('');
  return (
    <form
      class="symbol-entry"
      onSubmit={(e) => {
        e.preventDefault();
        onSymbol(typed.trim().toUpperCase());
      }}
    >
      <input
        name="symbol"
        value={typed}
        placeholder="Symbol, e.g. BINANCE:ETHUSDT or NASDAQ:AAPL"
        onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
      />
      <button type="submit">Use</button>
    </form>
  );
}
