// The v1 operator API, pure parts: schemas of what a master sends, conversion to the `/master/state` shapes, and the
// indexed model of the leader's state followed through SUBSCRIBE events.
export * from "./schemas";
export * from "./resources";
export * from "./task-state";
export * from "./to-legacy";
export * from "./state-from-v1";
export * from "./stream-model";
export * from "./diff-models";
