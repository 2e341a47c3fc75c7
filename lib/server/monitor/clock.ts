// Time as the monitor's parts see it: injected, so that unit tests drive every timer with fake time.

export type TimerHandle = ReturnType<typeof setTimeout>;

export interface Clock {
  now(): number;
  setTimeout(run: () => void, delayMs: number): TimerHandle;
  clearTimeout(timer: TimerHandle): void;
  setInterval(run: () => void, intervalMs: number): TimerHandle;
  clearInterval(timer: TimerHandle): void;
}

/** The process's clock. Its timers are unref'd: a monitor never keeps the process alive on its own. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, delayMs) => setTimeout(run, delayMs).unref(),
  clearTimeout: (timer) => clearTimeout(timer),
  setInterval: (run, intervalMs) => setInterval(run, intervalMs).unref(),
  clearInterval: (timer) => clearInterval(timer),
};
