// Waiting for things that come up in their own time: a condition polled by a test, a server's health URL.
import { setTimeout as sleep } from "node:timers/promises";

/** Polls `check` until it returns a value other than undefined; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
      lastError = null; // only the last attempt's error explains a time-out
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`,
      );
    await sleep(intervalMs);
  }
}

export interface HealthWaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** False once the server has exited: then there is nothing left to wait for. */
  isAlive?: () => boolean;
}

/** True once `url` answers with a 2xx status; false after `timeoutMs`, or as soon as the server is gone. */
export async function waitUntilHealthy(url: string, options: HealthWaitOptions = {}): Promise<boolean> {
  const { timeoutMs = 60_000, intervalMs = 500, isAlive = () => true } = options;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && isAlive()) {
    // A server that accepts the connection but never answers must not hold the wait past its deadline.
    const healthy = await fetch(url, { signal: AbortSignal.timeout(Math.min(5_000, timeoutMs)) }).then(
      async (response) => {
        await response.body?.cancel();
        return response.ok;
      },
      () => false,
    );
    if (healthy) return true;
    await sleep(intervalMs);
  }
  return false;
}
