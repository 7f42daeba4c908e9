/**
 * A small seeded PRNG (mulberry32: a 32-bit state advanced by a Weyl step, then mixed).
 * Deterministic across platforms because it only uses 32-bit integer arithmetic, which is
 * what makes random entries, bootstrap samples and stress gaps reproducible from a seed.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A stateless uniform number in [0, 1) for (seed, index): the same bar gets the same draw in
 * every policy and every trade, so stress gaps land on the same bars whoever looks at them.
 */
export function hashUniform(seed: number, index: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index >>> 0, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
