import { describe, expect, it } from "vitest";
import { reconcileBudget } from "./reconcile-budget";
import { latency, percentile, renderBenchmarks, stockUiInterval, stockUiModel } from "./report";

describe("the benchmark's figures", () => {
  it("uses the stock UI's updateInterval steps", () => {
    expect(stockUiInterval(499)).toBe(10);
    expect(stockUiInterval(2_000)).toBe(60);
    expect(stockUiInterval(10_000)).toBe(240);
    expect(stockUiInterval(25_000)).toBe(960);
    expect(stockUiModel(2_000, 6e6)).toEqual({
      intervalSeconds: 60,
      requestsPerMinutePerTab: 1,
      bytesPerHourPerTab: 3.6e8,
    });
  });

  it("says when no reconcile interval meets a bar", () => {
    const mode = (name: "stream" | "poll", bytesPerHour: number, cpuSecondsPerMinute: number) => ({
      mode: name,
      agentVisibleMs: latency([]),
      taskVisibleMs: latency([]),
      bytesPerHour,
      requestsPerMinute: 1,
      cpuSecondsPerMinute,
      startupCpuSeconds: 1,
      rssMiB: 1,
    });
    const budget = reconcileBudget(mode("stream", 3e7, 0.5), mode("poll", 2.7e9, 3), {
      fullRead: { bytes: 8e6, inflatedBytes: 4e7, cpuSeconds: 2, wallMs: 1 },
      reconcileIntervalMs: 600_000,
    });
    expect(budget.minutesFor10xCpu).toBeNull();
    expect(budget.minutesFor100xBytes).toBeNull();
    expect(budget.cpuSecondsPerMinute).toBeCloseTo(0.7);
  });

  it("takes nearest-rank percentiles, and none without samples", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([30, 10, 20, 40], 50)).toBe(20);
    expect(percentile([30, 10, 20, 40], 95)).toBe(40);
  });

  it("renders each size with the ratio of polling to streaming", () => {
    const page = renderBenchmarks({
      date: "2026-12-01T22:00:00.000Z",
      commit: "abc1234",
      machine: "2 × cpu, 24 GiB, Node v20",
      results: [
        {
          agents: 2_000,
          tasks: 20_000,
          churnPerSecond: 5,
          minutes: 2,
          stateBytes: 9e6,
          stateGzipBytes: 1e6,
          stateMs: 120,
          stockUi: stockUiModel(2_000, 1e6),
          fullRead: { bytes: 8e6, inflatedBytes: 4e7, cpuSeconds: 2, wallMs: 1_500 },
          reconcileIntervalMs: 600_000,
          dashboard: {
            agentToTabsMs: latency([120, 140, 130]),
            taskToTabsMs: latency([125]),
            znodeToTabsMs: latency([60, 80, 70, 90]),
            leaderKilled: { apiMs: 600, tabsMs: 650, zkSessionTimeoutMs: 10_000 },
            viewers: [
              { viewers: 1, opened: 1, requestsPerMinute: 400, viewerBytesPerMinute: 2_000 },
              { viewers: 200, opened: 200, requestsPerMinute: 404, viewerBytesPerMinute: 1_900 },
            ],
            browserBytes: { agentsPageOpen: 250_000, clusterPageOpen: 300_000, clusterPagePerMinute: 12_000 },
            cpuSecondsPerMinute: 0.5,
            rssMiB: 400,
            bytesPerHour: 1.2e7,
          },
          modes: [
            {
              mode: "stream",
              agentVisibleMs: { p50: 100, p95: 150, samples: 4 },
              taskVisibleMs: { p50: 110, p95: 160, samples: 4 },
              bytesPerHour: 1e7,
              requestsPerMinute: 130,
              cpuSecondsPerMinute: 0.2,
              startupCpuSeconds: 14,
              rssMiB: 150,
            },
            {
              mode: "poll",
              agentVisibleMs: { p50: 6_000, p95: 11_000, samples: 4 },
              taskVisibleMs: { p50: 5_000, p95: 12_000, samples: 4 },
              bytesPerHour: 2.7e9,
              requestsPerMinute: 140,
              cpuSecondsPerMinute: 3,
              startupCpuSeconds: 6,
              rssMiB: 300,
            },
          ],
        },
      ],
    });
    expect(page).toContain("at commit abc1234");
    expect(page).toContain("| P6 agent added → API, p50 / p95 | 100 ms / 150 ms | 6000 ms / 11000 ms | 60× |");
    expect(page).toContain("| P7 bytes read from the masters per hour | 10.0 MB | 2700.0 MB | 270× |");
    expect(page).toContain("| P7 collector CPU seconds per minute | 0.20 | 3.00 | 15× |");
    expect(page).toContain("the garbage collections after it) | 14.0 | 6.0 |  |");
    // 10 MB/h + 8 MB × 6 per hour; 0.2 s/min + 2 s / 10 min.
    expect(page).toContain(
      "| P7 bytes read from the masters per hour with the stream's reconcile amortized (one GET_STATE every 10 min: 8.0 MB gzipped, 40.0 MB inflated) | 58.0 MB | 2700.0 MB | 47× |",
    );
    expect(page).toContain(
      "| P7 collector CPU seconds per minute with the stream's reconcile amortized (one GET_STATE every 10 min: 2.0 s of CPU) | 0.40 | 3.00 | 7.5× |",
    );
    // Bytes: 8 MB / (27 MB/h − 10 MB/h) = 28 min; CPU: 2 s / (0.3 − 0.2 s/min) = 20 min.
    expect(page).toContain("one every 28 minutes at most for the bytes, one every 20 minutes at most for the CPU");
    expect(page).toContain(
      "| P1 master znode change (standby stopped, started) → both tabs, p50 / p95 | 70 ms / 90 ms (4 samples) |",
    );
    expect(page).toContain(
      "| P3 requests to the masters per minute with 200 viewers (200 streams open) | 404 (1.01 × one viewer's); each viewer received 1.9 kB per minute (decompressed) |",
    );
    expect(page).toContain("| P8 bytes to open the agents page / the cluster page | 250.0 kB / 300.0 kB |");
    expect(page).toContain("200 tabs would ask the leader for its whole state 200 times a minute");
    expect(page).toContain("one `/master/state` is 9.0 MB (read in 120 ms), 1.0 MB gzipped as a master sends it");
  });
});
