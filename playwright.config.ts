import { defineConfig } from "@playwright/test";
import { ADMIN_PASSWORD, ADMIN_STATE } from "./e2e/auth-files";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./scripts/testbed/chromium";

const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: ".tmp/e2e/results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: ".tmp/reports/e2e.json" }]],
  projects: [
    { name: "login", testMatch: /login\.setup\.ts/ },
    { name: "chromium", dependencies: ["login"], use: { storageState: ADMIN_STATE } },
  ],
  use: {
    baseURL,
    browserName: "chromium",
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  webServer: {
    // The production build (npm test builds it first) on a database of its own, fresh for every run; its log is also
    // kept in a file, which a test searches for secrets.
    command: "rm -rf .tmp/e2e/db && mkdir -p .tmp/e2e && npm start 2>&1 | tee .tmp/e2e/server.log",
    url: `${baseURL}/api/health`,
    env: {
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: "file:./.tmp/e2e/db/dashboard.db",
      NEXT_TELEMETRY_DISABLED: "1",
      DASHBOARD_ADMIN_PASSWORD: ADMIN_PASSWORD,
    },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
