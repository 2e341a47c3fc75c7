// The browser tests' `test`: pages run in the admin's logged-in browser session (playwright.config.ts), and the
// `request` fixture calls the API with the admin's API token, as a script would.
import { readFileSync } from "node:fs";
import { test as base } from "@playwright/test";
import { ADMIN_TOKEN_FILE } from "./auth-files";

export function adminToken(): string {
  return readFileSync(ADMIN_TOKEN_FILE, "utf8").trim();
}

/** How much of a failed test's page goes into the log: CI keeps the log, not the trace. */
const FAILED_PAGE_TEXT_CHARS = 3_000;

export const test = base.extend({
  // A test that fails prints what its page showed (address and visible text), so a failure seen only in CI's log
  // says which state the page was in.
  page: async ({ page }, provide, testInfo) => {
    await provide(page);
    if (testInfo.status === testInfo.expectedStatus || page.isClosed()) return;
    const text = await page
      .locator("body")
      .innerText({ timeout: 2_000 })
      .catch((error: unknown) => `(could not read the page: ${String(error)})`);
    console.log(
      `[failed page] ${testInfo.title}\n  at ${page.url()}\n  ${text.slice(0, FAILED_PAGE_TEXT_CHARS).replace(/\n+/g, "\n  ")}`,
    );
  },
  request: async ({ playwright, baseURL }, provide) => {
    const context = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { Authorization: `Bearer ${adminToken()}` },
    });
    await provide(context);
    await context.dispose();
  },
});

export { expect } from "@playwright/test";
