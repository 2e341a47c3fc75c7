// Stopping and restarting masters from the cluster page, against the production build, a real ZooKeeper ensemble and
// the simulator driven through the `sim` controller.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { type SimMaster, simulatedClusterForThisFile } from "./sim-cluster";
import { waitFor } from "../scripts/testbed";

test.describe.configure({ mode: "serial" });

const cluster = simulatedClusterForThisFile({
  chroot: "/mesos-actions",
  simArgs: ["--masters", "3", "--agents", "4", "--session-timeout", "3000", "--restart-delay", "off"],
  definition: (sim) => ({ quorum: 2, controller: { type: "sim", url: sim.ready.control } }),
});

const host = (m: SimMaster) => new URL(m.url).host;
const row = (page: Page, m: SimMaster) => page.getByTestId("master-row").filter({ hasText: host(m) });

async function openCluster(page: Page): Promise<void> {
  await page.goto(`/clusters/${cluster.id()}`);
  await expect(page.getByTestId("connection")).toHaveAttribute("data-state", "live");
  await expect(page.getByTestId("master-row")).toHaveCount(3, { timeout: 20_000 });
  await expect(page.locator('[data-testid="master-row"][data-reachable="true"]')).toHaveCount(3);
}

test("cancelling during the 5-second countdown sends nothing", async ({ page, request }) => {
  await openCluster(page);
  const standby = (await cluster.masters()).find((m) => !m.leader && m.state === "running");
  if (!standby) throw new Error("no standby");
  await row(page, standby).getByTestId("stop-button").click();
  const dialog = page.getByTestId("action-dialog");
  await expect(dialog.getByTestId("action-consequence")).toContainText("is a standby: no failover");
  await dialog.getByRole("button", { name: "Stop" }).click();
  await expect(dialog.getByTestId("countdown")).toContainText(/Sending in [1-5] s/);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await page.waitForTimeout(6_000);
  expect((await cluster.masters()).find((m) => m.id === standby.id)?.state).toBe("running");
  const actions = (await (await request.get(`/api/clusters/${cluster.id()}/actions`)).json()) as {
    active: unknown;
    recent: unknown[];
  };
  expect(actions).toMatchObject({ active: null, recent: [] });
  await expect(row(page, standby)).toHaveCount(1);
});

test("stopping a standby removes it from the masters table live and records the action; the guard then refuses a second", async ({
  page,
}) => {
  await openCluster(page);
  const standby = (await cluster.masters()).find((m) => !m.leader && m.state === "running");
  if (!standby) throw new Error("no standby");
  await row(page, standby).getByTestId("stop-button").click();
  const dialog = page.getByTestId("action-dialog");
  await dialog.getByLabel("Reason (kept in the audit trail)").fill("disk replacement");
  await dialog.getByRole("button", { name: "Stop" }).click();
  await expect(page.getByTestId("action-panel")).toHaveAttribute("data-status", "verified", { timeout: 30_000 }); // the first action of this cluster
  await expect(row(page, standby)).toHaveCount(0);
  await expect(page.getByTestId("master-row")).toHaveCount(2);
  await expect(page.getByTestId("action-steps")).toContainText("znode is gone");
  expect((await cluster.masters()).find((m) => m.id === standby.id)?.state).toBe("stopped");

  const other = (await cluster.masters()).find((m) => !m.leader && m.state === "running");
  if (!other) throw new Error("no second standby");
  await expect(row(page, other).getByTestId("stop-button")).toBeDisabled();
  await expect(row(page, other).getByTestId("guard-reason")).toContainText(
    "would leave 1 running master, fewer than the quorum of 2",
  );

  await page.getByRole("navigation", { name: "Cluster" }).getByRole("link", { name: "Events" }).click();
  const history = page.getByRole("region", { name: "Event history" });
  await expect(history.locator('[data-testid="cluster-event"][data-type="action.finished"]').first()).toContainText(
    "verified",
  );
  await expect(history.locator('[data-testid="cluster-event"][data-type="action.requested"]').first()).toContainText(
    "disk replacement",
  );

  // Start it again from the panel so the next test has three masters.
  await page.goto(`/clusters/${cluster.id()}`);
  const stopAction = await page.getByTestId("action-panel").getAttribute("data-action");
  await page.getByTestId("stopped-master").getByRole("button", { name: "Start" }).click();
  await page.getByTestId("action-dialog").getByRole("button", { name: "Start" }).click();
  await expect(page.getByTestId("action-panel")).not.toHaveAttribute("data-action", stopAction ?? "none", {
    timeout: 15_000,
  });
  await expect(page.getByTestId("master-row")).toHaveCount(3, { timeout: 30_000 });
  await expect(page.getByTestId("action-panel")).toHaveAttribute("data-status", "verified", { timeout: 30_000 });
});

test("restarting the leader gives a new leader, the old one back as a standby with a higher sequence, and a verified action", async ({
  page,
}) => {
  await openCluster(page);
  const leader = (await cluster.masters()).find((m) => m.leader && m.state === "running");
  if (!leader) throw new Error("no leader");
  await expect(page.getByTestId("leader-address")).toHaveText(host(leader));
  await row(page, leader).getByTestId("restart-button").click();
  const dialog = page.getByTestId("action-dialog");
  await expect(dialog.getByTestId("action-consequence")).toContainText("is the leader: a failover follows");
  await expect(dialog.getByTestId("action-consequence")).toContainText("next in line is");
  const panel = page.getByTestId("action-panel");
  const previous = (await panel.count()) > 0 ? await panel.getAttribute("data-action") : null;
  await dialog.getByRole("button", { name: "Restart" }).click();
  await expect(panel).not.toHaveAttribute("data-action", previous ?? "none", { timeout: 15_000 }); // the panel shows the new action
  await expect(panel).toHaveAttribute("data-status", "verified", { timeout: 60_000 });
  for (const state of ["running_command", "master_back", "failover_done", "agents_reregistered", "verified"]) {
    await expect(panel.locator(`[data-state="${state}"]`)).toHaveCount(1);
  }
  await expect(page.getByTestId("leader-address")).not.toHaveText(host(leader));
  const back = await waitFor("the old leader back", async () =>
    (await cluster.masters()).find(
      (m) => m.id === leader.id && m.state === "running" && (m.sequence ?? 0) > (leader.sequence ?? 0),
    ),
  );
  await expect(row(page, leader)).toHaveAttribute("data-leader", "false");
  await expect(row(page, leader)).toContainText(`${back.znode}`);
});
