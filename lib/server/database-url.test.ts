import { describe, expect, it } from "vitest";
import { databaseFileFromUrl } from "./database-url";

describe("databaseFileFromUrl", () => {
  it("resolves relative paths against the project root", () => {
    expect(databaseFileFromUrl("file:./data/dashboard.db", "/srv/app")).toBe("/srv/app/data/dashboard.db");
    expect(databaseFileFromUrl("file:dashboard.db", "/srv/app")).toBe("/srv/app/dashboard.db");
  });

  it("keeps absolute paths, in both spellings, and drops query options", () => {
    expect(databaseFileFromUrl("file:/var/lib/mw.db", "/srv/app")).toBe("/var/lib/mw.db");
    expect(databaseFileFromUrl("file:///var/lib/mw.db?connection_limit=1", "/srv/app")).toBe("/var/lib/mw.db");
  });

  it("rejects what is not a SQLite file URL", () => {
    expect(() => databaseFileFromUrl("postgres://x/db", "/srv")).toThrow(/must be a SQLite file URL/);
    expect(() => databaseFileFromUrl("file:", "/srv")).toThrow(/names no file/);
  });
});
