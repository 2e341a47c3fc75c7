import "server-only";
// What this process has asked of masters and read from them, in total: every request and every body byte (an event
// stream's too, as it arrives). The benchmark compares the event stream with polling by these counts
// (docs/benchmarks.md); they cost two additions per chunk.
import { singleton } from "@/lib/server/singleton";

export interface MasterTraffic {
  requests: number;
  bytesRead: number;
}

const totals = () => singleton<MasterTraffic>("master-traffic", () => ({ requests: 0, bytesRead: 0 }));

export function countMasterTraffic(bytesRead: number, requests: number): void {
  const current = totals();
  current.bytesRead += bytesRead;
  current.requests += requests;
}

/** A copy of the totals since the process started. */
export function masterTraffic(): MasterTraffic {
  return { ...totals() };
}
