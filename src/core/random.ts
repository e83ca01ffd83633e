/**
 * A seeded generator: mulberry32, 32-bit state, so the C benchmark reference can replay it
 * exactly. Same seed, same sequence, on every machine.
 */
export interface Random {
  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniform float in [0, 1): `nextUint32() / 2³²`. */
  next(): number;
  /** A standard normal sample (Box–Muller), for synthetic data. */
  nextGaussian(): number;
}

/** Creates the generator for a seed; any integer seed is folded to 32 bits. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => nextUint32() / 4294967296;
  const nextGaussian = (): number => {
    const u = 1 - next(); // (0, 1]: log stays finite
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return { nextUint32, next, nextGaussian };
}

/**
 * Shuffles `order` in place with Fisher–Yates, drawing j = ⌊u·(i+1) / 2³²⌋ for i = n−1 … 1
 * (exact in doubles for n < 2²¹, and deterministic beyond).
 */
export function shuffleInPlace(order: Uint32Array, random: Random): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor((random.nextUint32() * (i + 1)) / 4294967296);
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
}

/** 0, 1, …, n−1 as a Uint32Array. */
export function identityOrder(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

/**
 * shuffleInPlace(order, random) above for a mulberry32 `random` in state `state`, with the
 * generator inlined: as a closure it keeps its state in a heap number and costs as much as the
 * swaps. Returns the state after the draws; perf-layout.test.ts holds the two equal.
 */
export function shuffleMulberry32(order: Uint32Array, state: number): number {
  let s = state | 0;
  for (let i = order.length - 1; i > 0; i--) {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = (t ^ (t >>> 14)) >>> 0;
    const j = Math.floor((u * (i + 1)) / 4294967296);
    const v = order[i] as number;
    order[i] = order[j] as number;
    order[j] = v;
  }
  return s;
}
