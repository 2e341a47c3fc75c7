import { describe, expect, it } from "vitest";
import { ZkUrlError, parseZkUrl, redactZkUrl, zkConnectString } from "./url";

describe("parseZkUrl", () => {
  it("reads servers and the chroot path", () => {
    const url = parseZkUrl("zk://10.0.0.1:2181,10.0.0.2:2182,zk3.example.com:2183/mesos");
    expect(url.servers).toEqual([
      { host: "10.0.0.1", port: 2181 },
      { host: "10.0.0.2", port: 2182 },
      { host: "zk3.example.com", port: 2183 },
    ]);
    expect(url.path).toBe("/mesos");
    expect(url.credentials).toBeNull();
    expect(zkConnectString(url)).toBe("10.0.0.1:2181,10.0.0.2:2182,zk3.example.com:2183");
  });

  it("reads digest credentials and keeps them out of the redacted form", () => {
    const url = parseZkUrl("zk://jane:s%40cret@10.0.0.1:2181/prod/mesos");
    expect(url.credentials).toEqual({ username: "jane", password: "s@cret" });
    expect(url.path).toBe("/prod/mesos");
    expect(redactZkUrl(url)).toBe("zk://***:***@10.0.0.1:2181/prod/mesos");
  });

  it("defaults a missing port to 2181 like the ZooKeeper client", () => {
    expect(parseZkUrl("zk://zk1,zk2:2999/mesos").servers).toEqual([
      { host: "zk1", port: 2181 },
      { host: "zk2", port: 2999 },
    ]);
  });

  it("accepts bracketed IPv6 addresses", () => {
    expect(parseZkUrl("zk://[::1]:2181/mesos").servers).toEqual([{ host: "[::1]", port: 2181 }]);
  });

  it.each([
    ["http://10.0.0.1:2181/mesos", /starts with zk:\/\//],
    ["zk://10.0.0.1:2181", /chroot path is required/],
    ["zk://10.0.0.1:2181/", /'\/' is not supported/],
    ["zk:///mesos", /no ZooKeeper servers/],
    ["zk://10.0.0.1:99999/mesos", /invalid port/],
    ["zk://10.0.0.1:0/mesos", /invalid port/],
    ["zk://10.0.0.1:/mesos", /invalid port/],
    ["zk://10.0.0.1:2181,,10.0.0.2:2181/mesos", /not a host:port pair/],
    ["zk://bad_host!:2181/mesos", /not a valid host/],
    ["zk://10.0.0.1:2181/mesos//x", /not a valid ZooKeeper path/],
    ["zk://10.0.0.1:2181/mesos/../x", /not a valid ZooKeeper path/],
    ["zk://10.0.0.1:2181/me sos", /not a valid ZooKeeper path/],
    ["zk://:pass@10.0.0.1:2181/mesos", /username:password@/],
    ["zk://user@10.0.0.1:2181/mesos", /username:password@/],
  ])("rejects %s", (input, message) => {
    expect(() => parseZkUrl(input)).toThrow(ZkUrlError);
    expect(() => parseZkUrl(input)).toThrow(message);
  });
});
