import { describe, expect, it } from "vitest";
import type { ZkMember } from "@/lib/zk/masters";
import {
  type TrackedMaster,
  findByUrl,
  fromRecorded,
  fromStaticUrl,
  fromZkMember,
  labelOf,
  toRef,
} from "./master-list";
import { parseAllowEntry } from "@/lib/shared/master-address";

const DECODED: ZkMember = {
  decoded: true,
  znode: "json.info_0000000003",
  sequence: 3,
  format: "json",
  id: "5c2b3a1e-0000-4000-8000-000000000003",
  hostname: "m3.example.com",
  ip: "10.0.0.3",
  port: 5050,
  pid: "master@10.0.0.3:5050",
  version: "1.11.0",
};

describe("fromZkMember", () => {
  it("gives http://hostname:port and an ip alias when the hostname differs from the ip", () => {
    expect(fromZkMember(DECODED, null)).toEqual<TrackedMaster>({
      id: "json.info_0000000003",
      sequence: 3,
      format: "json",
      hostname: "m3.example.com",
      ip: "10.0.0.3",
      port: 5050,
      pid: "master@10.0.0.3:5050",
      version: "1.11.0",
      url: "http://m3.example.com:5050",
      blocked: null,
      aliases: ["http://10.0.0.3:5050"],
      decodeError: null,
      infoId: "5c2b3a1e-0000-4000-8000-000000000003",
    });
  });

  it("has no alias when the hostname is the ip (legacy member)", () => {
    const legacy: ZkMember = {
      decoded: true,
      znode: "0000000001",
      sequence: 1,
      format: "legacy",
      id: null,
      hostname: "10.0.0.1",
      ip: "10.0.0.1",
      port: 5050,
      pid: "master@10.0.0.1:5050",
      version: null,
    };
    const tracked = fromZkMember(legacy, null);
    expect(tracked.url).toBe("http://10.0.0.1:5050");
    expect(tracked.aliases).toEqual([]);
    expect(tracked.format).toBe("legacy");
    expect(tracked.version).toBeNull();
  });

  it("brackets an IPv6 host", () => {
    const v6: ZkMember = { ...DECODED, hostname: "::1", ip: "::1" };
    expect(fromZkMember(v6, null).url).toBe("http://[::1]:5050");
  });

  it("keeps an undecodable member with url null and the decode error", () => {
    const broken: ZkMember = {
      decoded: false,
      znode: "info_0000000002",
      sequence: 2,
      format: "protobuf",
      error: "protobuf: truncated",
    };
    expect(fromZkMember(broken, null)).toEqual<TrackedMaster>({
      id: "info_0000000002",
      sequence: 2,
      format: "protobuf",
      hostname: null,
      ip: null,
      port: null,
      pid: null,
      version: null,
      url: null,
      blocked: null,
      aliases: [],
      decodeError: "protobuf: truncated",
      infoId: null,
    });
  });
});

describe("fromZkMember with an allowlist or a hostile address", () => {
  const allow = (...entries: string[]) => entries.map(parseAllowEntry);

  it("contacts a master inside the allowlist by the address the allowlist names", () => {
    expect(fromZkMember(DECODED, allow("m3.example.com")).url).toBe("http://m3.example.com:5050");
    // An allowlist of IP ranges pins the master to its IP: DNS is not trusted with where credentials go.
    const byIp = fromZkMember(DECODED, allow("10.0.0.0/24"));
    expect(byIp.url).toBe("http://10.0.0.3:5050");
    expect(byIp.aliases).toEqual(["http://m3.example.com:5050"]);
    expect(byIp.blocked).toBeNull();
  });

  it("lists a master outside the allowlist without a url, so nothing contacts it", () => {
    const outside = fromZkMember({ ...DECODED, hostname: "attacker.example", ip: "192.0.2.7" }, allow("10.0.0.0/24"));
    expect(outside).toMatchObject({ url: null, aliases: [], blocked: "outside the allowed addresses" });
    expect(outside.hostname).toBe("attacker.example");
  });

  it("refuses link-local and metadata addresses unless allowed", () => {
    const metadata = { ...DECODED, hostname: "169.254.169.254", ip: "169.254.169.254" };
    expect(fromZkMember(metadata, null)).toMatchObject({ url: null, blocked: expect.stringContaining("link-local") });
    expect(fromZkMember(metadata, allow("169.254.169.254")).url).toBe("http://169.254.169.254:5050");
    // A metadata name beside a plain IP: the IP is contacted, never the name.
    expect(fromZkMember({ ...DECODED, hostname: "metadata.google.internal" }, null).url).toBe("http://10.0.0.3:5050");
    const onlyMetadata = { ...DECODED, hostname: "metadata.google.internal", ip: "fd00:ec2::254" };
    expect(fromZkMember(onlyMetadata, null)).toMatchObject({ url: null, blocked: expect.stringContaining("metadata") });
  });

  it("never builds a URL with a path, whatever the hostname holds", () => {
    const hostile = { ...DECODED, hostname: "127.0.0.2/secret-path#", ip: "127.0.0.2" };
    // The decoder refuses such a hostname; were one to get through, no URL with a path would come out of it.
    const tracked = fromZkMember(hostile, null);
    expect(tracked.url).toBe("http://127.0.0.2:5050");
    expect(tracked.aliases).not.toContain(expect.stringContaining("secret"));
  });
});

describe("fromRecorded", () => {
  it.each([
    ["info_0000000001", "protobuf"],
    ["0000000001", "legacy"],
    ["json.info_0000000001", "json"],
  ] as const)("%s is %s", (id, format) => {
    const tracked = fromRecorded({ id, hostname: "m1.example.com", port: 5050, sequence: 1 }, null);
    expect(tracked).toEqual<TrackedMaster>({
      id,
      sequence: 1,
      format,
      hostname: "m1.example.com",
      ip: null,
      port: 5050,
      pid: null,
      version: null,
      url: "http://m1.example.com:5050",
      blocked: null,
      aliases: [],
      decodeError: null,
      infoId: null,
    });
  });

  it("has url null when the recorded address is unknown", () => {
    expect(fromRecorded({ id: "json.info_0000000004", hostname: null, port: null, sequence: 4 }, null).url).toBeNull();
  });

  it("round-trips through toRef", () => {
    const ref = { id: "json.info_0000000001", hostname: "m1.example.com", port: 5050, sequence: 1 };
    expect(toRef(fromRecorded(ref, null))).toEqual(ref);
  });
});

describe("fromStaticUrl", () => {
  it("uses the base URL as id and url", () => {
    expect(fromStaticUrl("http://10.0.0.1:5050")).toEqual<TrackedMaster>({
      id: "http://10.0.0.1:5050",
      sequence: null,
      format: "static",
      hostname: "10.0.0.1",
      ip: null,
      port: 5050,
      pid: null,
      version: null,
      url: "http://10.0.0.1:5050",
      blocked: null,
      aliases: [],
      decodeError: null,
      infoId: null,
    });
  });

  it("defaults the port by protocol", () => {
    const https = fromStaticUrl("https://mesos.example.com");
    expect(https.port).toBe(443);
    expect(https.id).toBe("https://mesos.example.com");
    expect(fromStaticUrl("http://mesos.example.com/").port).toBe(80);
  });

  it("drops a path from the id", () => {
    expect(fromStaticUrl("http://10.0.0.1:5050/master/").id).toBe("http://10.0.0.1:5050");
  });
});

describe("findByUrl", () => {
  const masters = [fromZkMember(DECODED, null), fromStaticUrl("http://10.0.0.9:5050")];

  it("matches a url or an alias", () => {
    expect(findByUrl(masters, "http://m3.example.com:5050")?.id).toBe("json.info_0000000003");
    expect(findByUrl(masters, "http://10.0.0.3:5050")?.id).toBe("json.info_0000000003");
    expect(findByUrl(masters, "http://10.0.0.9:5050")?.id).toBe("http://10.0.0.9:5050");
  });

  it("is undefined for an unknown url", () => {
    expect(findByUrl(masters, "http://10.0.0.4:5050")).toBeUndefined();
    expect(findByUrl([], "http://10.0.0.3:5050")).toBeUndefined();
  });
});

describe("labelOf", () => {
  it("is host:port with the znode for ZooKeeper members", () => {
    expect(labelOf(fromZkMember(DECODED, null))).toBe("m3.example.com:5050 (json.info_0000000003)");
  });

  it("says unknown address for an undecodable member", () => {
    expect(
      labelOf(
        fromZkMember({ decoded: false, znode: "info_0000000002", sequence: 2, format: "protobuf", error: "bad" }, null),
      ),
    ).toBe("unknown address (info_0000000002)");
  });

  it("is host:port alone for a static master", () => {
    expect(labelOf(fromStaticUrl("http://10.0.0.1:5050"))).toBe("10.0.0.1:5050");
  });
});
