// Runs first (files run in name order): its first tests need the empty database of a fresh install.
import { expect, test } from "./fixtures";

test.describe("with no cluster registered", () => {
  test("the clusters page says so and tells how to add one", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Clusters" })).toBeVisible();
    const empty = page.getByTestId("clusters-empty");
    await expect(empty.getByRole("heading", { name: "No clusters registered yet" })).toBeVisible();
    await expect(empty).toContainText("POST");
    await expect(empty).toContainText("/api/clusters");
    await expect(page.getByTestId("cluster-card")).toHaveCount(0);
    await empty.getByRole("link", { name: "registration form" }).click();
    await expect(page).toHaveURL(/\/clusters\/new$/);
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

test("a cluster registered through the API gets a card, which says when its ZooKeeper cannot be reached", async ({
  page,
  request,
}) => {
  const name = `e2e-${Date.now()}`;
  const response = await request.post("/api/clusters", { data: { name, zk: "zk://127.0.0.1:1/mesos", quorum: 2 } });
  expect(response.status()).toBe(201);
  await page.goto("/");
  const card = page.getByTestId("cluster-card").filter({ hasText: name });
  await expect(card).toBeVisible();
  await expect(card.getByTestId("cluster-card-reason")).toContainText("ZooKeeper is disconnected", { timeout: 10_000 });
  await expect(card).toHaveAttribute("data-level", "warn");
});

test("the registration form rejects an invalid ZooKeeper URL beside the field and saves nothing", async ({
  page,
  request,
}) => {
  const name = `invalid-${Date.now()}`;
  await page.goto("/clusters/new");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("ZooKeeper URL").fill("http://10.0.0.1:2181/mesos");
  await page.getByRole("button", { name: "Register cluster" }).click();
  await expect(page.getByTestId("zk-error")).toContainText("zk://");
  await expect(page.getByLabel("ZooKeeper URL")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("ZooKeeper URL").fill("zk://10.0.0.1:2181/");
  await page.getByRole("button", { name: "Register cluster" }).click();
  await expect(page.getByTestId("zk-error")).toContainText("chroot path");
  await expect(page).toHaveURL(/\/clusters\/new$/);
  const clusters = (await (await request.get("/api/clusters")).json()) as { name: string }[];
  expect(clusters.map((c) => c.name)).not.toContain(name);
});
