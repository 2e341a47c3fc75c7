// Roles in the browser: an admin adds a user on the Users page; as a viewer that user sees the cluster but no control
// of it; promoted to operator (which signs them out), they can stop and restart masters but still not manage
// clusters or users, and they change their own password.
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { simulatedClusterForThisFile } from "./sim-cluster";

test.describe.configure({ mode: "serial" });

const cluster = simulatedClusterForThisFile({
  chroot: "/mesos-roles",
  simArgs: ["--masters", "3", "--agents", "2", "--session-timeout", "3000", "--restart-delay", "off"],
  definition: (sim) => ({ quorum: 2, controller: { type: "sim", url: sim.ready.control } }),
});

const username = `ui-user-${Date.now()}`;
const password = "ui-user-password";

/** A browser of that user's own (not the admin's), logged in through the login page. */
async function logInAs(browser: Browser, baseURL: string, secret = password): Promise<Page> {
  // Playwright applies the project's options (the admin's storage state) to new contexts too: start from none.
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("User name").fill(username);
  await page.getByLabel("Password").fill(secret);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("signed-in")).toContainText(username);
  return page;
}

async function setRole(admin: Page, role: string): Promise<void> {
  await admin.goto("/users");
  const row = admin.getByTestId("user-row").filter({ hasText: username });
  await row.getByLabel(`Role of ${username}`).selectOption(role);
  await expect(row.getByLabel(`Role of ${username}`)).toHaveValue(role);
}

test("a viewer sees everything but can change nothing; promoted to operator, they can act on masters", async ({
  page: admin,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  if (!baseURL) throw new Error("no baseURL");
  await admin.goto("/users");
  await admin.getByLabel("New user name").fill(username);
  await admin.getByLabel("New user password").fill(password);
  await admin.getByLabel("New user role").selectOption("viewer");
  await admin.getByRole("button", { name: "Add user" }).click();
  await expect(admin.getByTestId("user-row").filter({ hasText: username })).toBeVisible();

  const user = await logInAs(browser, baseURL);
  await expect(user.getByTestId("signed-in")).toContainText(`${username} (viewer)`);
  await expect(user.getByRole("link", { name: "Register a cluster" })).toHaveCount(0);
  await expect(user.getByRole("navigation").getByRole("link", { name: "Users" })).toHaveCount(0);
  await user.goto(`/clusters/${cluster.id()}`);
  await expect(user.locator('[data-testid="master-row"][data-reachable="true"]')).toHaveCount(3, { timeout: 20_000 });
  await expect(user.getByRole("button", { name: /^Stop / })).toHaveCount(0);
  await expect(user.getByRole("button", { name: /^Restart / })).toHaveCount(0);
  await expect(user.getByRole("button", { name: "Rolling restart" })).toHaveCount(0);
  await expect(user.getByRole("navigation", { name: "Cluster" }).getByRole("link", { name: "Settings" })).toHaveCount(
    0,
  );
  // Typed by hand, an admin's page says why it is not shown.
  await user.goto(`/clusters/${cluster.id()}/settings`);
  await expect(user.getByTestId("needs-role")).toHaveText(
    `That page needs the admin role; you are signed in as ${username} (viewer). An admin can change your role on the Users page.`,
  );
  await user.goto("/users");
  await expect(user.getByTestId("needs-role")).toContainText("needs the admin role");

  // A role change ends the user's sessions: their next page load asks them to log in again.
  await setRole(admin, "operator");
  await user.goto(`/clusters/${cluster.id()}`);
  await expect(user).toHaveURL(/\/login$/);
  await user.context().close();

  const operator = await logInAs(browser, baseURL);
  await expect(operator.getByTestId("signed-in")).toContainText(`${username} (operator)`);
  await operator.goto(`/clusters/${cluster.id()}`);
  await expect(operator.locator('[data-testid="master-row"][data-reachable="true"]')).toHaveCount(3, {
    timeout: 20_000,
  });
  await expect(operator.getByRole("button", { name: /^Stop / })).toHaveCount(3);
  await expect(operator.getByRole("button", { name: /^Restart / })).toHaveCount(3);
  await expect(operator.getByRole("button", { name: "Rolling restart" })).toBeEnabled();
  await expect(
    operator.getByRole("navigation", { name: "Cluster" }).getByRole("link", { name: "Settings" }),
  ).toHaveCount(0);
  await expect(operator.getByRole("navigation").getByRole("link", { name: "Users" })).toHaveCount(0);

  // They change their own password on the Account page; their other session ends, the new password works.
  const elsewhere = await logInAs(browser, baseURL, password);
  await operator.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" }).click();
  await operator.getByLabel("Current password").fill("not-my-password");
  await operator.getByLabel("New password").fill("a-new-password");
  await operator.getByRole("button", { name: "Change password" }).click();
  await expect(operator.getByTestId("password-result")).toHaveText("the current password is wrong");
  await operator.getByLabel("Current password").fill(password);
  await operator.getByRole("button", { name: "Change password" }).click();
  await expect(operator.getByTestId("password-result")).toHaveText("Password changed. Your other sessions have ended.");
  await operator.reload();
  await expect(operator.getByTestId("signed-in")).toContainText(`${username} (operator)`);
  await elsewhere.reload();
  await expect(elsewhere).toHaveURL(/\/login$/);
  await elsewhere.context().close();
  await operator.context().close();
  await (await logInAs(browser, baseURL, "a-new-password")).context().close();
});
