import { describe, expect, it } from "vitest";
import { MasterHttpError, baseUrlFromLocation, baseUrlFromPid, parseJsonBody } from "./master-http";

describe("baseUrlFromLocation", () => {
  it("reads a protocol-relative Location (Mesos ≥ 0.24)", () => {
    expect(baseUrlFromLocation("//m1.example.com:5050/master/state?jsonp=cb")).toBe("http://m1.example.com:5050");
  });

  it("reads an absolute Location (Mesos ≤ 0.23)", () => {
    expect(baseUrlFromLocation("http://10.0.0.1:5050")).toBe("http://10.0.0.1:5050");
    expect(baseUrlFromLocation("https://m1.example.com:8443/master/state")).toBe("https://m1.example.com:8443");
  });

  it("is null for garbage and other protocols", () => {
    expect(baseUrlFromLocation("garbage")).toBeNull();
    expect(baseUrlFromLocation("")).toBeNull();
    expect(baseUrlFromLocation("/master/state")).toBeNull();
    expect(baseUrlFromLocation("ftp://x")).toBeNull();
  });
});

describe("baseUrlFromPid", () => {
  it("turns a libprocess PID into http://ip:port", () => {
    expect(baseUrlFromPid("master@10.0.0.1:5050")).toBe("http://10.0.0.1:5050");
  });

  it("is null for garbage", () => {
    expect(baseUrlFromPid("garbage")).toBeNull();
    expect(baseUrlFromPid("master@10.0.0.1")).toBeNull();
    expect(baseUrlFromPid("10.0.0.1:5050")).toBeNull();
    expect(baseUrlFromPid("")).toBeNull();
  });
});

describe("parseJsonBody", () => {
  it("parses JSON", () => {
    expect(parseJsonBody('{"elected":1}', "http://10.0.0.1:5050/metrics/snapshot")).toEqual({ elected: 1 });
  });

  it("throws MasterHttpError invalid naming the URL on non-JSON", () => {
    let caught: unknown;
    try {
      parseJsonBody("<html>not json</html>", "http://10.0.0.1:5050/state");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MasterHttpError);
    expect(caught).toMatchObject({ kind: "invalid", name: "MasterHttpError" });
    expect(String((caught as Error).message)).toContain("http://10.0.0.1:5050/state");
  });
});
