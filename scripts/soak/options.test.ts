import { describe, expect, it } from "vitest";
import { parseSoakOptions } from "./options";

describe("npm run soak options", () => {
  it("requires a bounded --minutes and fills in the rest", () => {
    expect(() => parseSoakOptions([], () => 1)).toThrow(/--minutes N is required/);
    expect(() => parseSoakOptions(["--minutes", "241"], () => 1)).toThrow(/1 to 240/);
    expect(() => parseSoakOptions(["--minutes", "0"], () => 1)).toThrow(/1 to 240/);
    expect(parseSoakOptions(["--minutes", "22"], () => 77)).toEqual({
      minutes: 22,
      seed: 77,
      report: ".tmp/soak/report.md",
      build: true,
      port: null,
      allowlist: "auto",
    });
  });

  it("takes a seed, a report path, --no-build, a port and the allowlist mode", () => {
    expect(
      parseSoakOptions(
        [
          "--minutes",
          "2",
          "--seed",
          "5",
          "--report",
          "docs/soak.md",
          "--no-build",
          "--port",
          "3333",
          "--allowlist",
          "on",
        ],
        () => 1,
      ),
    ).toEqual({ minutes: 2, seed: 5, report: "docs/soak.md", build: false, port: 3333, allowlist: "on" });
    expect(() => parseSoakOptions(["--minutes", "2", "--allowlist", "maybe"], () => 1)).toThrow(/auto, on or off/);
    expect(() => parseSoakOptions(["--minutes", "2", "--bogus"], () => 1)).toThrow();
  });
});
