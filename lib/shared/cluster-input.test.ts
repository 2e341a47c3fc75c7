import { describe, expect, it } from "vitest";
import { clusterInputSchema, parseMasterUrl } from "./cluster-input";

const issuesOf = (input: unknown) => {
  const result = clusterInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("clusterInputSchema", () => {
  it("accepts a ZooKeeper cluster and trims it", () => {
    expect(clusterInputSchema.parse({ name: " prod ", zk: " zk://a:2181/mesos ", quorum: 2 })).toEqual({
      name: "prod",
      zk: "zk://a:2181/mesos",
      quorum: 2,
    });
  });

  it("accepts a static cluster and normalises its URLs to origins", () => {
    expect(clusterInputSchema.parse({ name: "lab", masters: ["http://m1:5050/", "https://m2:5050"] }).masters).toEqual([
      "http://m1:5050",
      "https://m2:5050",
    ]);
  });

  it.each([
    [{ zk: "zk://a:2181/mesos" }, /name: name is required/],
    [{ name: "", zk: "zk://a:2181/mesos" }, /name: name is required/],
    [{ name: "-x", zk: "zk://a:2181/mesos" }, /name: name may use/],
    [{ name: "a" }, /either zk .* or masters/],
    [{ name: "a", zk: "zk://a:2181/mesos", masters: ["http://m:5050"] }, /either zk/],
    [{ name: "a", zk: "zk://a:2181/" }, /zk: .*not supported/],
    [{ name: "a", masters: [] }, /masters: give at least one master URL/],
    [{ name: "a", masters: ["http://m:5050", "http://m:5050/"] }, /masters: master URLs must be distinct/],
    [{ name: "a", masters: ["http://m:5050"], quorum: 2 }, /quorum: quorum 2 exceeds the 1 masters/],
    [{ name: "a", zk: "zk://a:2181/mesos", quorum: 0 }, /quorum/],
    [{ name: "a", zk: "zk://a:2181/mesos", quorum: 1.5 }, /quorum: quorum must be a whole number/],
    [{ name: "a", zk: "zk://a:2181/mesos", extra: true }, /Unrecognized key/],
  ])("rejects %j", (input, message) => {
    expect(issuesOf(input).join("\n")).toMatch(message);
  });
});

describe("parseMasterUrl", () => {
  it.each([
    ["ftp://m:5050", /http or https/],
    ["http://user:pw@m:5050", /credentials/],
    ["http://m:5050/master/state", /base URL/],
    ["m:5050", /http or https|not a URL/],
    ["not a url", /not a URL/],
    ["http://m:6000", /port 6000, which browsers and Node's fetch refuse to contact/],
    ["http://m:10080", /port 10080/],
  ])("rejects %s", (input, message) => {
    expect(() => parseMasterUrl(input)).toThrow(message);
  });
});

describe("parseMasterUrl on ports", () => {
  it("accepts Mesos' own ports and the default ports of http and https", () => {
    expect(parseMasterUrl("http://m:5050")).toBe("http://m:5050");
    expect(parseMasterUrl("http://m")).toBe("http://m");
    expect(parseMasterUrl("https://m:8443/")).toBe("https://m:8443");
  });
});
