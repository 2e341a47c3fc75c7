// The soak's seeded randomness: the same seed and the same situation give the same choices, so a run can be repeated.
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** A whole number in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: small, fast and good enough to choose faults; not for anything secret. */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error("cannot pick from an empty list");
      return items[Math.floor(next() * items.length)] as T;
    },
  };
}

/** One of `choices` with probability proportional to its weight (weights ≤ 0 are never chosen); null if none. */
export function weightedPick<T>(rng: Rng, choices: readonly { value: T; weight: number }[]): T | null {
  const usable = choices.filter((c) => c.weight > 0);
  const total = usable.reduce((sum, c) => sum + c.weight, 0);
  if (total <= 0) return null;
  let x = rng.next() * total;
  for (const choice of usable) {
    x -= choice.weight;
    if (x < 0) return choice.value;
  }
  return usable[usable.length - 1]?.value ?? null;
}
