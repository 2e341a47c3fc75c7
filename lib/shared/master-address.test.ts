import { describe, expect, it } from "vitest";
import { parseHost } from "@/lib/mesos/hosts";
import {
  OUTSIDE_ALLOWED,
  allowlistNarrows,
  contactAddress,
  formatAllowEntry,
  masterBaseUrl,
  matchesEntry,
  parseAllowEntry,
  specialAddress,
} from "./master-address";

const host = (text: string) => {
  const parsed = parseHost(text);
  if (!parsed) throw new Error(`not a host: ${text}`);
  return parsed;
};
const allow = (...entries: string[]) => entries.map(parseAllowEntry);

describe("allowlist entries", () => {
  it.each([
    ["10.0.0.0/24", "10.0.0.0/24"],
    [" 10.0.0.7 ", "10.0.0.7"],
    ["10.0.0.7/32", "10.0.0.7"],
    ["M1.Example.com", "m1.example.com"],
    ["*.Example.com", "*.example.com"],
    ["fd00:0::/64", "fd00::/64"],
    ["[::1]", "::1"],
  ])("%j is stored as %j", (input, canonical) => {
    expect(formatAllowEntry(parseAllowEntry(input))).toBe(canonical);
  });

  it.each(["10.0.0.0/33", "10.0.0.0/x", "m1.example.com/24", "*.", "*.10.0.0.1", "10.0.0.0/8/8", "http://m1", ""])(
    "refuses %j with a reason",
    (input) => {
      expect(() => parseAllowEntry(input)).toThrow(/not|prefix|pattern/);
    },
  );

  it("matches names exactly, suffixes below the domain, and addresses in ranges", () => {
    expect(matchesEntry(host("m1.example.com"), parseAllowEntry("m1.example.com"))).toBe(true);
    expect(matchesEntry(host("m1.example.com.evil.org"), parseAllowEntry("m1.example.com"))).toBe(false);
    expect(matchesEntry(host("m2.mesos.example.com"), parseAllowEntry("*.example.com"))).toBe(true);
    expect(matchesEntry(host("example.com"), parseAllowEntry("*.example.com"))).toBe(false);
    expect(matchesEntry(host("evilexample.com"), parseAllowEntry("*.example.com"))).toBe(false);
    expect(matchesEntry(host("10.0.0.200"), parseAllowEntry("10.0.0.128/25"))).toBe(true);
    expect(matchesEntry(host("10.0.0.100"), parseAllowEntry("10.0.0.128/25"))).toBe(false);
    expect(matchesEntry(host("10.0.1.1"), parseAllowEntry("10.0.0.0/23"))).toBe(true);
    expect(matchesEntry(host("10.0.2.1"), parseAllowEntry("10.0.0.0/23"))).toBe(false);
    expect(matchesEntry(host("::ffff:10.0.0.5"), parseAllowEntry("10.0.0.0/24"))).toBe(true);
    expect(matchesEntry(host("fd00::5"), parseAllowEntry("fd00::/64"))).toBe(true);
    expect(matchesEntry(host("fd01::5"), parseAllowEntry("fd00::/64"))).toBe(false);
    // An IP never matches a name entry, nor a name an IP range: DNS is not consulted.
    expect(matchesEntry(host("10.0.0.1"), parseAllowEntry("m1.example.com"))).toBe(false);
    expect(matchesEntry(host("m1.example.com"), parseAllowEntry("0.0.0.0/0"))).toBe(false);
  });
});

describe("allowlistNarrows", () => {
  it.each<[string[] | null, string[] | null, boolean]>([
    [["10.0.1.7"], ["10.0.1.0/24"], true],
    [["10.0.1.0/25", "m1.example.com"], ["10.0.1.0/24", "*.example.com"], true],
    [["*.a.example.com"], ["*.example.com"], true],
    [["10.0.0.0/23"], ["10.0.1.0/24"], false],
    [["m1.example.com"], ["m2.example.com"], false],
    [["*.example.com"], ["m1.example.com"], false],
    [["fd00::1"], ["10.0.0.0/8"], false],
    [null, ["10.0.0.0/8"], false],
    [["10.0.0.0/8"], null, true],
    [null, null, true],
  ])("%j within %j: %s", (next, previous, expected) => {
    const parse = (list: string[] | null) => (list === null ? null : list.map(parseAllowEntry));
    expect(allowlistNarrows(parse(next), parse(previous))).toBe(expected);
  });
});

describe("specialAddress", () => {
  it.each(["169.254.169.254", "169.254.170.2", "fe80::1", "::ffff:169.254.169.254", "fd00:ec2::254"])(
    "%s is special",
    (text) => {
      expect(specialAddress(host(text))).not.toBeNull();
    },
  );
  it.each(["100.100.100.200", "metadata.google.internal", "0.0.0.0", "::"])("%s is special", (text) => {
    expect(specialAddress(host(text))).not.toBeNull();
  });
  it.each(["10.0.0.1", "127.0.0.1", "::1", "m1.example.com", "fd00::1"])("%s is not", (text) => {
    expect(specialAddress(host(text))).toBeNull();
  });
});

describe("contactAddress", () => {
  it("without an allowlist contacts the host name unless it is special", () => {
    expect(contactAddress(["m1.example.com", "10.0.0.1"], null)).toMatchObject({
      ok: true,
      host: { text: "m1.example.com" },
    });
    expect(contactAddress(["169.254.169.254", "169.254.169.254"], null)).toMatchObject({ ok: false });
    expect(contactAddress(["169.254.169.254", "10.0.0.1"], null)).toMatchObject({
      ok: true,
      host: { text: "10.0.0.1" },
    });
  });

  it("with an allowlist contacts only what it names, falling back to the IP", () => {
    expect(contactAddress(["m1.example.com", "10.0.0.1"], allow("10.0.0.0/24"))).toMatchObject({
      ok: true,
      host: { text: "10.0.0.1" },
    });
    expect(contactAddress(["attacker.example", "192.0.2.1"], allow("10.0.0.0/24"))).toEqual({
      ok: false,
      reason: OUTSIDE_ALLOWED,
    });
    expect(contactAddress(["169.254.169.254"], allow("169.254.169.254"))).toMatchObject({ ok: true });
  });

  it("refuses what is not an address at all", () => {
    expect(contactAddress(["127.0.0.2/secret#", null], null)).toEqual({ ok: false, reason: "no valid address" });
  });
});

describe("masterBaseUrl", () => {
  it("builds http://host:port and nothing more", () => {
    expect(masterBaseUrl(host("10.0.0.1"), 5050)).toBe("http://10.0.0.1:5050");
    expect(masterBaseUrl(host("::1"), 5050)).toBe("http://[::1]:5050");
    expect(masterBaseUrl(host("m1.example.com"), 80)).toBe("http://m1.example.com");
    expect(masterBaseUrl(host("10.0.0.1"), 0)).toBeNull();
    expect(masterBaseUrl(host("10.0.0.1"), 70000)).toBeNull();
  });

  it("refuses a host the URL parser would change", () => {
    expect(masterBaseUrl({ kind: "name", text: "a/b" }, 5050)).toBeNull();
    expect(masterBaseUrl({ kind: "name", text: "x#y" }, 5050)).toBeNull();
  });
});
