// The test bed: what the demo (scripts/demo.ts), the integration tests and the browser tests start and stop — a
// real ZooKeeper ensemble, the simulated Mesos cluster, the dashboard's server — and the helpers they share: free
// ports, processes stopped by id, waiting, registering a cluster through the API.
export * from "./chromium";
export * from "./dashboard";
export * from "./net";
export * from "./process-group";
export * from "./processes";
export * from "./scratch-ensemble";
export * from "./sim";
export * from "./wait";
export * from "./zk-ensemble";
