import { expect, test } from "@playwright/test";

test.describe("with no cluster registered", () => {
  test("the clusters page says so and tells how to add one", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Clusters" })).toBeVisible();
    const empty = page.getByTestId("clusters-empty");
    await expect(empty.getByRole("heading", { name: "No clusters registered yet" })).toBeVisible();
    await expect(empty).toContainText("POST");
    await expect(empty).toContainText("/api/clusters");
    await expect(page.getByTestId("cluster-table")).toHaveCount(0);
  });

  test("the header navigates between Clusters and Events", async ({ page }) => {
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Clusters" })).toHaveAttribute("aria-current", "page");
    await nav.getByRole("link", { name: "Events" }).click();
    await expect(page).toHaveURL(/\/events$/);
    await expect(page.getByTestId("events-empty")).toContainText("No events recorded yet");
    await expect(nav.getByRole("link", { name: "Events" })).toHaveAttribute("aria-current", "page");
  });
});

test("a cluster registered through the API is listed from the database", async ({ page, request }) => {
  const name = `e2e-${Date.now()}`;
  const response = await request.post("/api/clusters", { data: { name, zk: "zk://127.0.0.1:2181/mesos", quorum: 2 } });
  expect(response.status()).toBe(201);
  await page.goto("/");
  const row = page.getByTestId("cluster-row").filter({ hasText: name });
  await expect(row).toContainText("zk://127.0.0.1:2181/mesos");
  await expect(row).toContainText("2");
});
