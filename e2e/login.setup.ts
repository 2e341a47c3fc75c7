// Logs in through the login page as the first admin (created from DASHBOARD_ADMIN_PASSWORD), keeps the browser
// session for the other tests, and creates an API token for their direct API calls.
import { mkdirSync, writeFileSync } from "node:fs";
import { expect, test as setup } from "@playwright/test";
import { ADMIN_PASSWORD, ADMIN_STATE, ADMIN_TOKEN_FILE } from "./auth-files";

setup("log in through the login page", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("User name").fill("admin");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("login-error")).toHaveText("wrong user name or password");
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("signed-in")).toContainText("admin (admin)");
  await page.context().storageState({ path: ADMIN_STATE });

  await page.goto("/tokens");
  await page.getByLabel("Token name").fill("browser tests");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").locator("code").textContent()) ?? "";
  expect(token).toMatch(/^mw_/);
  mkdirSync(".tmp/e2e", { recursive: true });
  writeFileSync(ADMIN_TOKEN_FILE, token);
});
