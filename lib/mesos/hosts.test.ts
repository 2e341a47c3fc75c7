import { describe, expect, it } from "vitest";
import { isHostName, mappedIpv4, parseHost, parseIpv4, parseIpv6 } from "./hosts";

describe("parseHost", () => {
  it.each([
    ["10.0.0.1", "ipv4", "10.0.0.1"],
    ["m1.example.com", "name", "m1.example.com"],
    ["M1.Example.COM.", "name", "m1.example.com"],
    ["localhost", "name", "localhost"],
    ["::1", "ipv6", "::1"],
    ["[2001:DB8:0:0:0:0:0:1]", "ipv6", "2001:db8::1"],
    ["::ffff:10.0.0.1", "ipv6", "::ffff:a00:1"],
    ["fe80:0:0:0:1:0:0:1", "ipv6", "fe80::1:0:0:1"],
  ])("%s is %s %s", (input, kind, text) => {
    expect(parseHost(input)).toMatchObject({ kind, text });
  });

  it.each([
    "127.0.0.2/secret-path#",
    "169.254.169.254/latest/meta-data/#",
    "host:8080",
    "user@host",
    "a b",
    "",
    "-leading.example.com",
    "trailing-.example.com",
    "under_score.example.com",
    "2130706433",
    "0x7f000001",
    "10.0.0.256",
    "010.0.0.1",
    "1.2.3",
    "fe80::1%eth0",
    "1:2:3:4:5:6:7:8:9",
    "1::2::3",
    `${"a".repeat(64)}.example.com`,
    `${"a.".repeat(127)}com`,
    "exa\u0000mple.com",
    "exämple.com",
  ])("refuses %j", (input) => {
    expect(parseHost(input)).toBeNull();
  });
});

describe("the parts", () => {
  it("parses IPv4 and IPv6 to bytes", () => {
    expect(parseIpv4("192.168.1.20")).toEqual([192, 168, 1, 20]);
    expect(parseIpv6("::")).toEqual(Array(16).fill(0));
    expect(parseIpv6("1:2:3:4:5:6:7:8")?.slice(0, 4)).toEqual([0, 1, 0, 2]);
    expect(parseIpv6("1:2:3:4:5:6:7::")).not.toBeNull();
    expect(parseIpv6("1:2:3:4:5:6:7:8::")).toBeNull();
  });

  it("accepts names up to 253 characters with labels up to 63", () => {
    const label = "a".repeat(63);
    expect(isHostName(`${label}.${label}.${label}.${"b".repeat(61)}`)).toBe(true);
    expect(isHostName(`${label}.${label}.${label}.${"b".repeat(62)}`)).toBe(false);
  });

  it("finds the IPv4 address in an IPv4-mapped IPv6 address", () => {
    expect(mappedIpv4(parseIpv6("::ffff:169.254.169.254") ?? [])).toEqual([169, 254, 169, 254]);
    expect(mappedIpv4(parseIpv6("::1") ?? [])).toBeNull();
  });
});
