// The files of the running server are its own: the data directory 0700, the database (with -wal, -shm) and the
// encryption key 0600; and a server whose key file its group or others may read refuses to start, saying chmod 600.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { freePorts, startDashboardServer, waitUntilHealthy } from "../scripts/testbed";
import { expect, test } from "./fixtures";

const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);

test("the server's data directory is 0700, its database files and key file 0600", async ({ request }) => {
  // playwright.config.ts: DATABASE_URL=file:./.tmp/e2e/db/dashboard.db, a directory the server created itself.
  const dir = ".tmp/e2e/db";
  expect((await request.get("/api/clusters")).status()).toBe(200); // the database is open, in WAL mode
  expect({
    dir: mode(dir),
    db: mode(`${dir}/dashboard.db`),
    wal: mode(`${dir}/dashboard.db-wal`),
    shm: mode(`${dir}/dashboard.db-shm`),
    key: mode(`${dir}/secret.key`),
  }).toEqual({ dir: "700", db: "600", wal: "600", shm: "600", key: "600" });
});

test("a key file readable by group or others stops the start with chmod 600; once 600, the server starts", async () => {
  test.setTimeout(120_000);
  const root = mkdtempSync(path.join(tmpdir(), "e2e-key-mode-"));
  try {
    const dir = path.join(root, "db");
    mkdirSync(dir, { mode: 0o700 });
    const key = path.join(dir, "secret.key");
    writeFileSync(key, randomBytes(32).toString("base64"));
    chmodSync(key, 0o644);
    const [port] = await freePorts(1);
    if (port === undefined) throw new Error("no free port");
    const start = (log: string) =>
      startDashboardServer({
        port,
        host: "127.0.0.1",
        logFile: path.join(root, log),
        env: {
          DATABASE_URL: `file:${path.join(dir, "dashboard.db")}`,
          DASHBOARD_ADMIN_PASSWORD: "key-mode-admin-password",
          NEXT_TELEMETRY_DISABLED: "1",
          DASHBOARD_SECRET_KEY: "",
        },
      });

    const refused = start("refused.log");
    try {
      // It may listen first (Next binds before instrumentation runs), but it must exit, not serve.
      expect(await waitUntilHealthy(`${refused.url}/api/health`, { timeoutMs: 60_000, isAlive: refused.isAlive })).toBe(
        false,
      );
      await refused.exited;
    } finally {
      await refused.stop();
    }
    expect(readFileSync(path.join(root, "refused.log"), "utf8")).toContain(
      `[secrets] refusing to start: the encryption key ${key} is readable or writable by its group or others (mode 0644): run chmod 600 ${key}`,
    );

    chmodSync(key, 0o600);
    const started = start("started.log");
    try {
      expect(await waitUntilHealthy(`${started.url}/api/health`, { timeoutMs: 60_000, isAlive: started.isAlive })).toBe(
        true,
      );
    } finally {
      await started.stop();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
