import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MESOS_FIXTURES, MESOS_FIXTURES_DIR } from "./fixtures";
import {
  decodeMasterZnode,
  leaderOf,
  MAX_ZNODE_DATA_BYTES,
  packIp,
  parseMemberName,
  unpackIp,
  type MasterInfo,
} from "./master-info";
import { encodeMasterZnodeData, masterInfoFor, type MasterInfoParams } from "./master-info-encode";

const fixture = (file: string) =>
  fs.readFileSync(path.join(MESOS_FIXTURES_DIR, file)).toString("utf8").replace(/\n$/, "");
const ZNODE_1_6 = fixture(MESOS_FIXTURES.znode_1_6);
const ZNODE_0_25 = fixture(MESOS_FIXTURES.znode_0_25);

// docs/mesos/zookeeper.md#masterinfo-as-json, the 1.9+ example with every field, as the one line a master writes.
const FULL_1_11 =
  '{"address":{"hostname":"m1.example.com","ip":"10.0.0.11","port":5050},' +
  '"capabilities":[{"type":"AGENT_UPDATE"},{"type":"AGENT_DRAINING"},{"type":"QUOTA_V2"}],' +
  '"domain":{"fault_domain":{"region":{"name":"us-east-1"},"zone":{"name":"us-east-1a"}}},' +
  '"hostname":"m1.example.com","id":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee","ip":184549386,' +
  '"pid":"master@10.0.0.11:5050","port":5050,"version":"1.11.0"}';

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function decodeOk(name: string, data: Uint8Array) {
  const result = decodeMasterZnode(name, data);
  if (!result.ok) throw new Error(`expected ${name} to decode: ${result.error}`);
  return result.master;
}

function infoOf(name: string, data: Uint8Array): MasterInfo {
  const { info } = decodeOk(name, data);
  if (!info) throw new Error(`${name} has no MasterInfo`);
  return info;
}

const params = (version: string, extra: Partial<MasterInfoParams> = {}): MasterInfoParams => ({
  version,
  ip: "10.0.0.11",
  port: 5050,
  hostname: "m1.example.com",
  startedAt: Date.UTC(2015, 9, 6, 13, 59, 38) / 1000,
  pid: 8041,
  random: seeded(7),
  ...extra,
});

describe("packIp / unpackIp (docs/mesos/zookeeper.md#byte-order-of-the-ip-field: first octet least significant)", () => {
  it.each([
    ["10.1.1.9", 151060746],
    ["127.0.1.1", 16842879],
    ["192.168.242.55", 938649792],
    ["192.168.99.100", 1684252864],
    ["10.0.0.11", 184549386],
    ["0.0.0.0", 0],
    ["255.255.255.255", 4294967295],
  ])("%s ↔ %i", (dotted, packed) => {
    expect(packIp(dotted)).toBe(packed);
    expect(unpackIp(packed)).toBe(dotted);
  });

  it("rejects what is not IPv4 or not a uint32", () => {
    for (const bad of ["256.1.1.1", "1.2.3", "01.2.3.4", "1.2.3.4 ", "::1", ""])
      expect(() => packIp(bad)).toThrow(RangeError);
    for (const bad of [-1, 2 ** 32, 1.5, Number.NaN]) expect(() => unpackIp(bad)).toThrow(RangeError);
  });
});

describe("parseMemberName (GroupProcess::cache)", () => {
  it.each([
    ["json.info_0000000003", { format: "json", sequence: 3 }],
    ["info_0000000012", { format: "protobuf", sequence: 12 }],
    ["0000000012", { format: "legacy", sequence: 12 }],
    ["json.info_0000000623", { format: "json", sequence: 623 }],
    // Mesos numifies any all-digit last token; the 10-digit rule of the
    // docs/mesos/zookeeper.md#reading-the-leader-from-zookeeper recipe is stricter than Mesos.
    ["json.info_123", { format: "json", sequence: 123 }],
    ["info_00000000001", { format: "protobuf", sequence: 1 }],
    // strings::tokenize drops empty tokens, and the label is the first token.
    ["_0000000001", { format: "legacy", sequence: 1 }],
    ["json.info__0000000001", { format: "json", sequence: 1 }],
    ["json.info_extra_0000000007", { format: "json", sequence: 7 }],
    ["json.info_2147483647", { format: "json", sequence: 2147483647 }],
    ["log_replicas", null],
    ["info_", null],
    ["json.info_", null],
    ["foo_0000000001", null],
    ["JSON.INFO_0000000001", null],
    ["json.info_2147483648", null],
    ["json.info_-0000000001", null],
    ["json.info_12a", null],
    [" 0000000001", null],
    ["", null],
    ["_", null],
  ])("%j → %j", (name, expected) => {
    expect(parseMemberName(name)).toEqual(expected);
  });
});

describe("decodeMasterZnode on real znodes", () => {
  it("reads the 1.6.0 capture (fixture 10) and re-encodes it byte for byte", () => {
    const master = decodeOk("json.info_0000000001", Buffer.from(ZNODE_1_6));
    expect(master).toMatchObject({
      znode: "json.info_0000000001",
      sequence: 1,
      format: "json",
      id: "96e29ec4-9c04-4ed7-b72e-9016a64f4903",
      hostname: "10.1.1.9",
      ip: "10.1.1.9",
      port: 5050,
      pid: "master@10.1.1.9:5050",
      version: "1.6.0",
    });
    expect(master.info?.ip).toBe(151060746);
    expect(master.info?.capabilities).toEqual([{ type: "AGENT_UPDATE" }]);
    expect(master.info && encodeMasterZnodeData(master.info, "json").toString("utf8")).toBe(ZNODE_1_6);
  });

  it("reads the 0.25.0 capture (fixture 11) and re-encodes it byte for byte", () => {
    const master = decodeOk("json.info_0000000000", Buffer.from(ZNODE_0_25));
    expect(master).toMatchObject({
      sequence: 0,
      format: "json",
      id: "8b3ebf2c-7c89-4a85-bd7a-fbe7337f6303",
      hostname: "192.168.99.100",
      ip: "192.168.99.100",
      port: 5050,
      pid: "master@192.168.99.100:5050",
      version: "0.25.0",
    });
    expect(master.info && unpackIp(master.info.ip)).toBe("192.168.99.100");
    expect(master.info?.capabilities).toBeUndefined();
    expect(master.info && encodeMasterZnodeData(master.info, "json").toString("utf8")).toBe(ZNODE_0_25);
  });

  it("re-encodes the full docs/mesos/zookeeper.md#masterinfo-as-json example, and round-trips it through protobuf", () => {
    const info = infoOf("json.info_0000000004", Buffer.from(FULL_1_11));
    expect(info.domain?.fault_domain?.zone.name).toBe("us-east-1a");
    expect(encodeMasterZnodeData(info, "json").toString("utf8")).toBe(FULL_1_11);
    expect(decodeOk("info_0000000004", encodeMasterZnodeData(info, "protobuf")).info).toEqual(info);
  });

  it("masterInfoFor reproduces both captures once the random id is replaced", () => {
    const v16 = {
      ...masterInfoFor(params("1.6.0", { ip: "10.1.1.9", hostname: "10.1.1.9" })),
      id: "96e29ec4-9c04-4ed7-b72e-9016a64f4903",
    };
    expect(encodeMasterZnodeData(v16, "json").toString("utf8")).toBe(ZNODE_1_6);
    const v25 = {
      ...masterInfoFor(params("0.25.0", { ip: "192.168.99.100", hostname: "192.168.99.100" })),
      id: "8b3ebf2c-7c89-4a85-bd7a-fbe7337f6303",
    };
    expect(encodeMasterZnodeData(v25, "json").toString("utf8")).toBe(ZNODE_0_25);
  });
});

describe("protobuf info_ znodes (0.17–0.23)", () => {
  it("decodes the docs/mesos/zookeeper.md#masterinfo-protobuf-fields example assembled by hand", () => {
    const id = "20140101-120000-16777226-5050-1234";
    const bytes = Buffer.concat([
      Buffer.from([0x0a, id.length]),
      Buffer.from(id),
      Buffer.from([0x10, 0x8a, 0x80, 0x80, 0x08]), // ip 10.0.0.1 = 16777226
      Buffer.from([0x18, 0xba, 0x27]), // port 5050
      Buffer.from([0x22, 20]),
      Buffer.from("master@10.0.0.1:5050"),
      Buffer.from([0x2a, 14]),
      Buffer.from("m1.example.com"),
    ]);
    expect(decodeOk("info_0000000007", bytes)).toEqual({
      znode: "info_0000000007",
      sequence: 7,
      format: "protobuf",
      id,
      hostname: "m1.example.com",
      ip: "10.0.0.1",
      port: 5050,
      pid: "master@10.0.0.1:5050",
      version: null,
      info: { id, ip: 16777226, port: 5050, pid: "master@10.0.0.1:5050", hostname: "m1.example.com" },
    });
  });

  it("round-trips a 0.17 info (no hostname: the ip stands in) and a 0.23 info", () => {
    const v17 = masterInfoFor(params("0.17.0"));
    expect(v17).toEqual({
      id: "20151006-135938-184549386-5050-8041",
      ip: 184549386,
      port: 5050,
      pid: "master@10.0.0.11:5050",
    });
    const m17 = decodeOk("info_0000000001", encodeMasterZnodeData(v17, "protobuf"));
    expect(m17).toMatchObject({ hostname: "10.0.0.11", ip: "10.0.0.11", port: 5050, version: null, info: v17 });

    const v23 = masterInfoFor(params("0.23.0"));
    const bytes = encodeMasterZnodeData(v23, "protobuf");
    expect([...bytes.subarray(0, 1)]).toEqual([0x0a]);
    expect(decodeOk("info_0000000002", bytes)).toMatchObject({
      hostname: "m1.example.com",
      version: "0.23.0",
      info: v23,
    });
  });

  it("skips unknown fields of every wire type", () => {
    const known = encodeMasterZnodeData(masterInfoFor(params("0.20.0")), "protobuf");
    const unknown = Buffer.from(
      "7801" + "8201" + "03616263" + "8d01" + "01020304" + "8901" + "0102030405060708" + "9b01" + "0805" + "9c01",
      "hex",
    );
    expect(decodeOk("info_0000000003", Buffer.concat([unknown, known])).hostname).toBe("m1.example.com");
  });
});

describe("legacy plain znodes (≤0.16)", () => {
  it("reads the PID string", () => {
    expect(decodeOk("0000000012", Buffer.from("master@10.0.0.11:5050"))).toEqual({
      znode: "0000000012",
      sequence: 12,
      format: "legacy",
      id: null,
      hostname: "10.0.0.11",
      ip: "10.0.0.11",
      port: 5050,
      pid: "master@10.0.0.11:5050",
      version: null,
    });
    expect(encodeMasterZnodeData(masterInfoFor(params("0.15.0")), "legacy").toString()).toBe("master@10.0.0.11:5050");
  });
});

describe("decodeMasterZnode refuses garbage without throwing", () => {
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  const base = { id: "x", ip: 184549386, port: 5050, pid: "master@10.0.0.11:5050" };
  it.each<[string, string, Uint8Array | null, RegExp]>([
    [
      "random bytes",
      "info_0000000001",
      Buffer.from("ffffffffffffffffffffff", "hex"),
      /protobuf: field key is not a varint/,
    ],
    ["truncated varint", "info_0000000001", Buffer.from([0x10, 0x80]), /protobuf: truncated/],
    [
      "truncated protobuf",
      "info_0000000001",
      encodeMasterZnodeData(masterInfoFor(params("0.23.0")), "protobuf").subarray(0, 20),
      /runs past the end/,
    ],
    // A known field number with another wire type is an unknown field (proto2), so `id` is missing.
    ["wrong wire type", "info_0000000001", Buffer.from("0d00000000", "hex"), /missing required field id/],
    ["missing ip and port", "info_0000000001", Buffer.from("0a0178", "hex"), /missing required field ip/],
    [
      "address without port",
      "info_0000000001",
      Buffer.concat([encodeMasterZnodeData(base, "protobuf"), Buffer.from("3a00", "hex")]),
      /missing required field port of mesos.Address/,
    ],
    ["bad UTF-8 in a string", "info_0000000001", Buffer.from("0a01ff100118ba27", "hex"), /not valid UTF-8/],
    ["stray end of group", "info_0000000001", Buffer.from("0c", "hex"), /end of group/],
    [
      "a hostname that would choose the URL's path",
      "json.info_0000000001",
      json({ ...base, hostname: "127.0.0.2/secret-path#" }),
      /hostname "127.0.0.2\/secret-path#" is not a host name/,
    ],
    [
      "a hostname aimed at a metadata path",
      "json.info_0000000001",
      json({ ...base, address: { hostname: "169.254.169.254/latest/meta-data/#", port: 80 } }),
      /is not a host name/,
    ],
    ["a hostname with a port", "json.info_0000000001", json({ ...base, hostname: "evil:8080" }), /is not a host name/],
    [
      "an over-long hostname",
      "json.info_0000000001",
      json({ ...base, hostname: `${"a".repeat(60)}.`.repeat(5) + "com" }),
      /is not a host name/,
    ],
    [
      "an address.ip that is not an IP",
      "json.info_0000000001",
      json({ ...base, address: { ip: "10.0.0.1/x", port: 5050 } }),
      /ip "10.0.0.1\/x" is not an IPv4 or IPv6 address/,
    ],
    ["{}", "json.info_0000000001", json({}), /missing required field id/],
    ["null", "json.info_0000000001", json(null), /not an object/],
    ["JSON array", "json.info_0000000001", json([base]), /not an object/],
    ["JSON string", "json.info_0000000001", json("master@10.0.0.11:5050"), /not an object/],
    ["not JSON", "json.info_0000000001", Buffer.from('{"id":'), /not JSON/],
    [
      "protobuf under a json label",
      "json.info_0000000001",
      encodeMasterZnodeData(base, "protobuf"),
      /not (JSON|valid UTF-8)/,
    ],
    ["invalid UTF-8", "json.info_0000000001", Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), /not valid UTF-8/],
    ["id not a string", "json.info_0000000001", json({ ...base, id: 7 }), /id is not a string/],
    ["empty id", "json.info_0000000001", json({ ...base, id: "" }), /id is empty/],
    ["ip as a string", "json.info_0000000001", json({ ...base, ip: "10.0.0.11" }), /ip is not an integer/],
    ["negative ip", "json.info_0000000001", json({ ...base, ip: -1 }), /ip is not an integer/],
    ["port 0", "json.info_0000000001", json({ ...base, port: 0 }), /port 0 is not in/],
    ["port 70000", "json.info_0000000001", json({ ...base, port: 70000 }), /port 70000 is not in/],
    [
      "address.port 0",
      "json.info_0000000001",
      json({ ...base, address: { ip: "10.0.0.11", port: 0 } }),
      /port 0 is not in/,
    ],
    ["malformed pid field", "json.info_0000000001", json({ ...base, pid: "master@10.0.0.11" }), /pid is not master@/],
    [
      "capabilities not a list",
      "json.info_0000000001",
      json({ ...base, capabilities: { type: "AGENT_UPDATE" } }),
      /capabilities is not an array/,
    ],
    [
      "domain without zone",
      "json.info_0000000001",
      json({ ...base, domain: { fault_domain: { region: { name: "r" } } } }),
      /zone/,
    ],
    ["pid without port", "0000000001", Buffer.from("master@10.0.0.11"), /pid is not master@/],
    ["pid with port 0", "0000000001", Buffer.from("master@10.0.0.11:0"), /pid is not master@/],
    ["a log replica's pid", "0000000001", Buffer.from("log-replica(1)@10.0.0.11:5050"), /pid is not master@/],
    ["pid with a newline", "0000000001", Buffer.from("master@10.0.0.11:5050\n"), /pid is not master@/],
    ["empty data", "json.info_0000000001", Buffer.alloc(0), /empty data/],
    ["no data", "info_0000000001", null, /empty data/],
    ["huge data", "json.info_0000000001", Buffer.alloc(MAX_ZNODE_DATA_BYTES + 1, 0x20), /too large/],
  ])("%s", (_, name, data, reason) => {
    const result = decodeMasterZnode(name, data);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(reason);
      expect(result).toMatchObject({
        znode: name,
        sequence: parseMemberName(name)?.sequence,
        format: parseMemberName(name)?.format,
      });
    }
  });

  it("says why a non-member name is not decoded", () => {
    expect(decodeMasterZnode("log_replicas", Buffer.from(""))).toEqual({
      ok: false,
      znode: "log_replicas",
      sequence: null,
      format: null,
      error: "not a master member znode",
    });
  });

  it("never throws on random bytes or any prefix of valid data", () => {
    const random = seeded(42);
    const valid = encodeMasterZnodeData(infoOf("json.info_0000000001", Buffer.from(FULL_1_11)), "protobuf");
    for (let n = 0; n < 3000; n++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256)));
      for (const name of ["info_0000000001", "json.info_0000000001", "0000000001"])
        expect(() => decodeMasterZnode(name, bytes)).not.toThrow();
    }
    for (let end = 0; end < valid.length; end++)
      expect(() => decodeMasterZnode("info_0000000001", valid.subarray(0, end))).not.toThrow();
    expect(decodeMasterZnode("info_0000000001", valid.subarray(0, 10)).ok).toBe(false);
  });

  it("reads a capability it does not know as UNKNOWN, like a master from a newer release would need", () => {
    expect(
      decodeOk("json.info_0000000001", json({ ...base, capabilities: [{ type: "FUTURE" }, {}] })).info?.capabilities,
    ).toEqual([{ type: "UNKNOWN" }, { type: "UNKNOWN" }]);
  });
});

describe("masterInfoFor (docs/mesos/zookeeper.md#masterinfo-as-json, docs/mesos/zookeeper.md#masterinfo-protobuf-fields)", () => {
  it("uses the date-ip-port-pid id before 0.25, as in the reference's example", () => {
    expect(masterInfoFor(params("0.24.0", { ip: "192.168.242.55", port: 15050 })).id).toBe(
      "20151006-135938-938649792-15050-8041",
    );
  });

  it("draws a version-4 UUID from `random` from 0.25, the same for the same seed", () => {
    const a = masterInfoFor(params("0.25.0", { random: seeded(1) })).id;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(masterInfoFor(params("1.11.0", { random: seeded(1) })).id).toBe(a);
    expect(masterInfoFor(params("0.25.0", { random: seeded(2) })).id).not.toBe(a);
  });

  it.each([
    ["0.16.0", []],
    ["0.18.0", ["hostname"]],
    ["0.23.0", ["hostname", "version"]],
    ["0.24.0", ["address", "hostname", "version"]],
    ["1.4.0", ["address", "domain", "hostname", "version"]],
    ["1.5.0", ["address", "capabilities", "domain", "hostname", "version"]],
  ])("%s writes the optional fields %j", (version, fields) => {
    const info = masterInfoFor(params(version, { domain: { region: "us-east-1", zone: "us-east-1a" } }));
    expect(
      Object.keys(info)
        .filter((key) => !["id", "ip", "port", "pid"].includes(key))
        .sort(),
    ).toEqual(fields);
  });

  it("advertises AGENT_UPDATE from 1.5 and AGENT_DRAINING, QUOTA_V2 from 1.9", () => {
    expect(masterInfoFor(params("1.8.0")).capabilities).toEqual([{ type: "AGENT_UPDATE" }]);
    expect(masterInfoFor(params("1.9.0")).capabilities).toEqual([
      { type: "AGENT_UPDATE" },
      { type: "AGENT_DRAINING" },
      { type: "QUOTA_V2" },
    ]);
  });

  it("writes `/` as `\\/` before 1.7 (docs/mesos/http.md#metrics-snapshot) and reads both back", () => {
    const domain = { region: "aws/us-west-2", zone: "aws/us-west-2b" };
    const old = encodeMasterZnodeData(masterInfoFor(params("1.6.0", { domain })), "json").toString();
    const modern = encodeMasterZnodeData(masterInfoFor(params("1.7.0", { domain })), "json").toString();
    expect(old).toContain('"name":"aws\\/us-west-2"');
    expect(modern).toContain('"name":"aws/us-west-2"');
    expect(decodeOk("json.info_0000000001", Buffer.from(old)).info?.domain).toEqual(
      decodeOk("json.info_0000000001", Buffer.from(modern)).info?.domain,
    );
  });
});

describe("leaderOf (docs/mesos/zookeeper.md#how-the-leader-is-chosen)", () => {
  it("takes the lowest sequence over all formats", () => {
    const members = [
      "json.info_0000000005",
      "info_0000000003",
      "0000000009",
      "log_replicas",
      "json.info_0000000004",
    ].flatMap((name) => {
      const member = parseMemberName(name);
      return member ? [{ name, ...member }] : [];
    });
    expect(leaderOf(members)).toEqual({ name: "info_0000000003", format: "protobuf", sequence: 3 });
    expect(leaderOf([])).toBeNull();
  });

  it("counts members whose data does not decode: Mesos elects them all the same", () => {
    const results = [
      decodeMasterZnode("json.info_0000000002", Buffer.from("{}")),
      decodeMasterZnode("json.info_0000000006", Buffer.from(ZNODE_1_6)),
    ];
    const candidates = results.flatMap((result): { ok: boolean; sequence: number }[] =>
      result.ok
        ? [{ ok: true, sequence: result.master.sequence }]
        : result.sequence === null
          ? []
          : [{ ok: false, sequence: result.sequence }],
    );
    expect(leaderOf(candidates)).toMatchObject({ ok: false, sequence: 2 });
  });
});
