import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/server/errors";
import { parseEventQuery } from "./query";

const parse = (query: string) => parseEventQuery(new URLSearchParams(query));

/** The DomainError `parse(query)` throws. */
function rejection(query: string): DomainError {
  try {
    parse(query);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`${query} was accepted`);
}

describe("parseEventQuery", () => {
  it("defaults the limit to 50 and leaves the rest unset", () => {
    expect(parse("")).toEqual({ limit: 50, before: undefined, types: undefined, since: undefined, until: undefined });
  });

  it("accepts limits from 1 to 500", () => {
    expect(parse("limit=1").limit).toBe(1);
    expect(parse("limit=500").limit).toBe(500);
    expect(parse("limit=20").limit).toBe(20);
  });

  it.each(["limit=0", "limit=501", "limit=x", "limit=2.5", "limit=-1"])(
    "rejects %s with a 400 naming limit",
    (query) => {
      const error = rejection(query);
      expect(error.kind).toBe("invalid"); // answered with 400 (lib/api/errors.ts)
      expect(error.message).toContain("limit");
      expect(error.issues?.[0]?.path).toBe("limit");
    },
  );

  it("reads before as an event id", () => {
    expect(parse("before=120").before).toBe(120);
  });

  it.each(["before=0", "before=abc", "before=1.5"])("rejects %s with a 400", (query) => {
    const error = rejection(query);
    expect(error.kind).toBe("invalid"); // answered with 400 (lib/api/errors.ts)
    expect(error.message).toContain("before");
  });

  it("reads repeated and comma-separated types", () => {
    expect(parse("type=leader.elected").types).toEqual(["leader.elected"]);
    expect(parse("type=leader.elected&type=master.joined,%20master.left").types).toEqual([
      "leader.elected",
      "master.joined",
      "master.left",
    ]);
    expect(parse("type=zk.connected,,zk.disconnected").types).toEqual(["zk.connected", "zk.disconnected"]);
  });

  it("rejects an unknown type with a 400", () => {
    const error = rejection("type=leader.elected,master.exploded");
    expect(error.kind).toBe("invalid"); // answered with 400 (lib/api/errors.ts)
    expect(error.message).toContain("type must be one of");
  });

  it("parses since and until as ISO 8601 times", () => {
    const query = parse("since=2026-11-22T10:00:00Z&until=2026-11-22T12:30:00%2B01:00");
    expect(query.since).toEqual(new Date("2026-11-22T10:00:00Z"));
    expect(query.until).toEqual(new Date("2026-11-22T11:30:00Z"));
  });

  it.each(["since=yesterday", "until=2026-11-22", "since=1732269600"])("rejects %s with a 400", (query) => {
    const error = rejection(query);
    expect(error.kind).toBe("invalid"); // answered with 400 (lib/api/errors.ts)
    expect(error.message).toContain("ISO 8601");
  });

  it("rejects an unknown parameter with a 400", () => {
    const error = rejection("limit=10&offset=20");
    expect(error.kind).toBe("invalid"); // answered with 400 (lib/api/errors.ts)
    expect(error.message).toContain("offset");
  });

  it("rejects a parameter given twice with a 400", () => {
    const error = rejection("limit=10&limit=20");
    expect(error.kind).toBe("invalid"); // answered with 400 (lib/api/errors.ts)
    expect(error.code).toBe("invalid_query");
    expect(error.message).toBe("limit may be given once");
  });

  it("combines every parameter", () => {
    expect(parse("limit=10&before=99&type=poll.failed&since=2026-01-01T00:00:00Z")).toEqual({
      limit: 10,
      before: 99,
      types: ["poll.failed"],
      since: new Date("2026-01-01T00:00:00Z"),
      until: undefined,
    });
  });
});
