// The agents page of a 2,000-agent simulated cluster: every agent is listed (rows are virtualised and fetched a page at
// a time, so the test scrolls through them all), no answer carries the whole list, and the filter narrows them down.
import { expect, test } from "./fixtures";
import { simulatedClusterForThisFile } from "./sim-cluster";

const AGENTS = 2_000;
const cluster = simulatedClusterForThisFile({
  chroot: "/mesos-agents",
  simArgs: ["--masters", "3", "--agents", String(AGENTS), "--tasks", "4000", "--seed", "5"],
});

test("the agents page lists every agent of a 2,000-agent cluster and filters them", async ({ page }) => {
  test.setTimeout(120_000);
  const simAgents = (await cluster.sim().control<{ id: string; hostname: string }[]>("GET", "/agents")).body;
  expect(simAgents).toHaveLength(AGENTS);

  const pageSizes: number[] = [];
  page.on("response", (response) => {
    if (!/\/api\/clusters\/\d+\/agents\?/.test(response.url())) return;
    void response
      .json()
      .then((body: { agents: unknown[] | null }) => pageSizes.push(body.agents?.length ?? 0))
      .catch(() => undefined);
  });
  await page.goto(`/clusters/${cluster.id()}/agents`);
  const count = page.getByTestId("agents-count");
  await expect(count).toHaveAttribute("data-total", String(AGENTS), { timeout: 30_000 });
  await expect(count).toHaveAttribute("data-shown", String(AGENTS));
  expect(await page.getByTestId("agent-row").count()).toBeLessThan(60); // virtualised

  const viewport = page.getByTestId("agents-viewport");
  const seen = new Set<string>();
  for (let step = 0; step < 400; step++) {
    // Rows scrolled into view before their page arrived show as pending until it does.
    await expect(page.getByTestId("agent-row-pending")).toHaveCount(0);
    for (const id of await page
      .getByTestId("agent-row")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-agent") ?? "")))
      seen.add(id);
    const atEnd = await viewport.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 1);
    if (atEnd) break;
    await viewport.evaluate((el) => {
      el.scrollTop += el.clientHeight - 36;
    });
    await page.waitForTimeout(20);
  }
  expect([...seen].sort()).toEqual(simAgents.map((a) => a.id).sort());
  expect(pageSizes.length).toBeGreaterThan(0);
  expect(Math.max(...pageSizes)).toBeLessThanOrEqual(500); // never the whole list

  const target = simAgents[1234];
  if (!target) throw new Error("no agent 1234");
  await page.getByLabel("Filter agents").fill(target.hostname);
  await expect(count).toHaveAttribute("data-shown", "1");
  await expect(page.getByTestId("agent-row")).toHaveAttribute("data-agent", target.id);
  await page.getByLabel("Filter agents").fill("rack:r3");
  const shown = Number(await count.getAttribute("data-shown"));
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(AGENTS);
  await page.getByRole("columnheader", { name: /CPUs alloc/ }).click();
  await expect(page.getByRole("columnheader", { name: /CPUs alloc/ })).toHaveAttribute("aria-sort", "ascending");
});
