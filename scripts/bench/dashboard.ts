// The benchmark's dashboard: the production server (server.mjs, the build `npm start` serves) following the event
// stream, with its own CPU, memory and traffic to the masters read from outside (server-stats.mjs), and Chromium tabs
// that note, in the page itself, when what the operator sees changes: a MutationObserver stamps each change with the
// page's clock, which is the machine's, so a latency is that stamp minus when the leader sent the event.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type Browser, type BrowserContext, type Page, chromium } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH, freePorts, registerCluster, waitFor } from "../testbed";

const PASSWORD = "bench-admin-password";

export interface ServerStats {
  at: number;
  cpuUs: number;
  rss: number;
  requests: number;
  bytesRead: number;
}

export class BenchDashboard {
  private constructor(
    readonly url: string,
    readonly clusterId: number,
    private readonly child: ChildProcess,
    private readonly statsFile: string,
  ) {}

  static async start(options: { dir: string; zk: string; name: string; log: (line: string) => void }) {
    const [port] = await freePorts(1);
    const url = `http://127.0.0.1:${port}`;
    const statsFile = path.join(options.dir, `${options.name}.stats.json`);
    const child = spawn(process.execPath, ["--import", "./scripts/bench/server-stats.mjs", "server.mjs"], {
      env: {
        ...process.env,
        PORT: String(port),
        HOSTNAME: "127.0.0.1",
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: `file:${path.join(options.dir, `${options.name}.db`)}`,
        DASHBOARD_ADMIN_PASSWORD: PASSWORD,
        MONITOR_STREAM: "on",
        // P3 opens 200 viewers as one user, besides the tabs.
        STREAM_MAX_PER_USER: "400",
        STREAM_MAX_TOTAL: "400",
        BENCH_STATS_FILE: statsFile,
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr?.on("data", (chunk: Buffer) => options.log(chunk.toString().trimEnd()));
    const dashboard = new BenchDashboard(url, 0, child, statsFile);
    await waitFor(
      "the dashboard server answering /api/health",
      async () => ((await fetch(`${url}/api/health`).catch(() => null))?.ok ? true : undefined),
      60_000,
    );
    const clusterId = await registerCluster({
      baseUrl: url,
      credentials: { username: "admin", password: PASSWORD },
      definition: { name: options.name, zk: options.zk },
    });
    return new BenchDashboard(url, clusterId, dashboard.child, statsFile);
  }

  /** The server's counters now (SIGUSR2 makes it write them). */
  async stats(): Promise<ServerStats> {
    const asked = Date.now();
    this.child.kill("SIGUSR2");
    for (let i = 0; i < 100; i++) {
      await sleep(20);
      if (!existsSync(this.statsFile)) continue;
      const stats = JSON.parse(readFileSync(this.statsFile, "utf8")) as ServerStats;
      if (stats.at >= asked) return stats;
    }
    throw new Error("the dashboard server did not write its stats within 2 s");
  }

  /** A logged-in session's cookie, for viewers opened from here. */
  async sessionCookie(): Promise<string> {
    const login = await fetch(`${this.url}/api/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "admin", password: PASSWORD }),
    });
    if (!login.ok) throw new Error(`logging in to the bench dashboard answered ${login.status}`);
    return login.headers.getSetCookie()[0]?.split(";")[0] ?? "";
  }

  /** The cluster's state as the API gives it. */
  async state(cookie: string): Promise<Record<string, unknown>> {
    const answer = await fetch(`${this.url}/api/clusters/${this.clusterId}/state`, { headers: { Cookie: cookie } });
    return (await answer.json()) as Record<string, unknown>;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await Promise.race([exited, sleep(6_000)]);
    if (this.child.exitCode === null) this.child.kill("SIGKILL");
    rmSync(this.statsFile, { force: true });
  }

  kill(): void {
    this.child.kill("SIGKILL");
  }
}

/** What a tab shows, as the bench reads it. */
export interface Seen {
  at: number;
  agents: number | null;
  failed: number | null;
  masters: string[];
  leader: string | null;
  leaderReachable: string | null;
}

/**
 * Runs in the page (as text: the bench runs under tsx, whose compiled functions call helpers the page does not have).
 * From then on it records every change of what the bench watches, stamped with the page's clock.
 */
const WATCH_SCRIPT = `(() => {
  const number = (selector) => {
    const text = document.querySelector(selector)?.textContent;
    return text ? Number(text.replace(/[^0-9]/g, "")) : null;
  };
  const read = () => {
    const rows = [...document.querySelectorAll("[data-testid=master-row]")];
    const leader = rows.find((row) => row.dataset.leader === "true");
    return {
      agents: number("[data-testid=agent-counts] dd"),
      failed: number("[data-testid=task-counts] div:nth-child(4) dd"),
      masters: rows.map((row) => row.dataset.znode ?? "").sort(),
      leader: leader?.dataset.znode ?? null,
      leaderReachable: leader?.dataset.reachable ?? null,
    };
  };
  let last = JSON.stringify(read());
  window.__seen = [{ at: Date.now(), ...read() }];
  new MutationObserver(() => {
    const now = read();
    const key = JSON.stringify(now);
    if (key === last) return;
    last = key;
    window.__seen.push({ at: Date.now(), ...now });
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
})()`;

/** One browser tab on a page of the dashboard, counting what it downloads (bytes on the wire, compressed or not). */
export class Tab {
  private bytes = 0;

  private constructor(readonly page: Page) {}

  static async open(context: BrowserContext, url: string, ready: string): Promise<{ tab: Tab; openBytes: number }> {
    const page = await context.newPage();
    const tab = new Tab(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    // dataReceived covers the bodies as they arrive (an event stream never finishes loading); the headers are counted
    // from responseReceived.
    cdp.on("Network.dataReceived", (event) => {
      tab.bytes += event.encodedDataLength;
    });
    cdp.on("Network.responseReceived", (event) => {
      tab.bytes += event.response.encodedDataLength;
    });
    await page.goto(url);
    await page.locator(ready).first().waitFor({ timeout: 120_000 });
    await sleep(1_000); // what the page asks right after it shows data belongs to opening it
    return { tab, openBytes: tab.bytes };
  }

  get downloaded(): number {
    return this.bytes;
  }

  /** From now on, records every change of what the bench watches, stamped with the page's clock. */
  async watch(): Promise<void> {
    await this.page.evaluate(WATCH_SCRIPT);
  }

  async seen(): Promise<Seen[]> {
    return (await this.page.evaluate("window.__seen ?? []")) as Seen[];
  }

  async latest(): Promise<Seen | null> {
    return (await this.seen()).at(-1) ?? null;
  }

  /** When the tab first showed something for which `test` holds, after `since`; null after the timeout. */
  async first(test: (seen: Seen) => boolean, since: number, timeoutMs: number): Promise<number | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.seen()).find((s) => s.at >= since && test(s));
      if (found) return found.at;
      if (Date.now() > deadline) return null;
      await sleep(50);
    }
  }
}

export async function launchBrowser(): Promise<Browser> {
  return await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A browser context logged in as the bench's admin. */
export async function loggedInContext(browser: Browser, dashboard: BenchDashboard): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: dashboard.url });
  const login = await context.request.post("/api/auth/login", {
    data: { username: "admin", password: PASSWORD },
    headers: { Origin: dashboard.url },
  });
  if (!login.ok()) throw new Error(`logging the browser in answered ${login.status()}`);
  return context;
}

/** `count` Server-Sent Event viewers of the cluster, read and discarded as a tab would; closed by the result. */
export async function openViewers(dashboard: BenchDashboard, cookie: string, count: number) {
  const controller = new AbortController();
  let bytes = 0;
  const opened = await Promise.all(
    Array.from({ length: count }, async () => {
      const answer = await fetch(`${dashboard.url}/api/clusters/${dashboard.clusterId}/stream`, {
        headers: { Cookie: cookie, Accept: "text/event-stream", "Accept-Encoding": "gzip" },
        signal: controller.signal,
      });
      if (!answer.ok || !answer.body) return false;
      const reader = answer.body.getReader();
      void (async () => {
        for (;;) {
          const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
          if (done) return;
          bytes += value?.byteLength ?? 0;
        }
      })();
      return true;
    }),
  );
  return {
    open: opened.filter(Boolean).length,
    get bytes() {
      return bytes;
    },
    close: () => controller.abort(),
  };
}
