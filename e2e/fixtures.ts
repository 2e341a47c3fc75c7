// The browser tests' `test`: pages run in the admin's logged-in browser session (playwright.config.ts), and the
// `request` fixture calls the API with the admin's API token, as a script would.
import { readFileSync } from "node:fs";
import { test as base } from "@playwright/test";
import { ADMIN_TOKEN_FILE } from "./auth-files";

export function adminToken(): string {
  return readFileSync(ADMIN_TOKEN_FILE, "utf8").trim();
}

export const test = base.extend({
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
