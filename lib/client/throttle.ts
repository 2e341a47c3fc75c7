// At most one run per interval, the first at once and the last never lost: a burst of changes becomes one run now and
// one at the end of the interval (pure apart from the injected timer functions; tested with fake timers).

export interface Throttled {
  (): void;
  cancel(): void;
}

export function throttle(
  run: () => void,
  intervalMs: number,
  now: () => number = Date.now,
  timers: { set: typeof setTimeout; clear: typeof clearTimeout } = { set: setTimeout, clear: clearTimeout },
): Throttled {
  let lastRun = -Infinity;
  let pending: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    pending = null;
    lastRun = now();
    run();
  };
  const throttled = (() => {
    if (pending) return; // a run is already due: it will see this change too
    const wait = lastRun + intervalMs - now();
    if (wait <= 0) fire();
    else pending = timers.set(fire, wait);
  }) as Throttled;
  throttled.cancel = () => {
    if (pending) timers.clear(pending);
    pending = null;
  };
  return throttled;
}
