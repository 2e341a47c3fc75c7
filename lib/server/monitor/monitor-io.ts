import "server-only";
// The monitor's only I/O towards masters, injected so that its parts are tested without HTTP.
import { fetchMetrics, fetchState, probeElected, probeHealth } from "./master-api";

export interface MonitorIo {
  probeHealth: typeof probeHealth;
  probeElected: typeof probeElected;
  fetchState: typeof fetchState;
  fetchMetrics: typeof fetchMetrics;
}

export const masterIo: MonitorIo = { probeHealth, probeElected, fetchState, fetchMetrics };
