// The test bed: what the demo, the integration tests and the browser tests start and stop, and the helpers they
// share. So far: a real ZooKeeper ensemble, free ports, processes stopped by id.
export * from "./net";
export * from "./processes";
export * from "./zk-ensemble";
