import { describe, expect, it } from "vitest";
import { parseSrvr } from "./four-letter-words";

// Captured from Debian's ZooKeeper 3.8.0 on this machine (`srvr` sent to the leader of `npm run zk -- start`).
const LEADER = `Zookeeper version: 3.8.0-\${mvngit.commit.id}, built on 2024-12-29 17:54 UTC
Latency min/avg/max: 0/0.0/0
Received: 2
Sent: 1
Connections: 1
Outstanding: 0
Zxid: 0x100000000
Mode: leader
Node count: 5
Proposal sizes last/min/max: -1/-1/-1
`;

describe("parseSrvr", () => {
  it("reads mode, version, connections and latency", () => {
    expect(parseSrvr(LEADER.replace("0/0.0/0", "1/2.5/9")).latency).toEqual({ min: 1, avg: 2.5, max: 9 });
    expect(parseSrvr(LEADER)).toEqual({
      version: "3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC",
      mode: "leader",
      connections: 1,
      outstanding: 0,
      nodeCount: 5,
      zxid: "0x100000000",
      latency: { min: 0, avg: 0, max: 0 },
    });
  });

  it("reads a follower and a standalone server", () => {
    expect(parseSrvr(LEADER.replace("Mode: leader", "Mode: follower")).mode).toBe("follower");
    expect(parseSrvr(LEADER.replace("Mode: leader", "Mode: standalone")).mode).toBe("standalone");
  });

  it("rejects what is not a srvr answer", () => {
    expect(() => parseSrvr("This ZooKeeper instance is not currently serving requests\n")).toThrow(/not a srvr answer/);
    expect(() => parseSrvr(LEADER.replace("Mode: leader", "Mode: king"))).toThrow(/not a srvr answer/);
    expect(() => parseSrvr("")).toThrow(/not a srvr answer/);
  });
});
