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

/**
 * Resolves after pending I/O and due timers had their turn (setImmediate runs after the poll phase). Work on a whole
 * cluster's state (tens of MB at 10,000 agents) awaits it between steps, so that ZooKeeper pings, health probes and
 * viewers are not starved for seconds.
 */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** One pending run at a time: setting it again replaces the pending run. */
export class OneShotTimer {
  private handle: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly run: () => void,
  ) {}

  set(delayMs: number): void {
    this.clear();
    this.handle = this.clock.setTimeout(() => {
      this.handle = null;
      this.run();
    }, delayMs);
  }

  clear(): void {
    if (this.handle) this.clock.clearTimeout(this.handle);
    this.handle = null;
  }
}
