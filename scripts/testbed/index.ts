// The test bed: what the demo, the integration tests and the browser tests start and stop, and the helpers they
// share. So far: a real ZooKeeper ensemble, the simulated Mesos cluster, free ports, processes stopped by id, waiting.
export * from "./net";
export * from "./process-group";
export * from "./processes";
export * from "./sim";
export * from "./wait";
export * from "./zk-ensemble";
