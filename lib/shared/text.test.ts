import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_CHARS, capNullable, capStrings, capText } from "./text";

/** A high surrogate not followed by a low one: half a character (no `u` flag, so it matches code units). */
const LONE_HIGH_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/;

describe("capText", () => {
  it("keeps a text that fits as it is", () => {
    expect(capText("HTTP 503")).toBe("HTTP 503");
    expect(capText("x".repeat(MAX_MESSAGE_CHARS))).toBe("x".repeat(MAX_MESSAGE_CHARS));
  });

  it("cuts a long text to the cap, with an ellipsis and the original length", () => {
    const long = "y".repeat(1_048_576);
    const capped = capText(long);
    expect(capped.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(capped).toMatch(/^y+… \(1048576 characters\)$/);
    expect(capped.length).toBeGreaterThan(MAX_MESSAGE_CHARS - 30);
  });

  it("never splits a character made of two code units", () => {
    const long = `${"a".repeat(10)}${"😀".repeat(100)}`;
    for (let max = 30; max < 60; max += 1) {
      const capped = capText(long, max);
      expect(capped.length).toBeLessThanOrEqual(max);
      expect(capped).not.toMatch(LONE_HIGH_SURROGATE);
      expect(capped).toContain(`… (${long.length} characters)`);
    }
  });

  it("passes absent messages through", () => {
    expect(capNullable(null)).toBeNull();
    expect(capNullable(undefined)).toBeNull();
    expect(capNullable("z".repeat(400))?.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
  });
});

describe("capStrings", () => {
  it("caps every string of a JSON value, keys included, and leaves the rest", () => {
    const long = "e".repeat(5_000);
    const capped = capStrings({ error: long, n: 3, ok: true, none: null, list: [long, 1], [long]: { deep: long } });
    const json = JSON.stringify(capped);
    expect(json.length).toBeLessThan(2_000);
    expect(capped).toMatchObject({ n: 3, ok: true, none: null });
    expect((capped as { error: string }).error).toBe(capText(long));
  });

  it("allows longer strings under the keys named", () => {
    const output = "o".repeat(2_000);
    const capped = capStrings({ output, error: output }, { longer: { output: 1_000 } }) as Record<string, string>;
    expect(capped.output?.length).toBe(1_000);
    expect(capped.error?.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
  });

  it("does not walk a value nested without end", () => {
    let nested: unknown = "leaf";
    for (let i = 0; i < 100; i += 1) nested = { next: nested };
    expect(JSON.stringify(capStrings(nested))).toContain("nested too deeply");
  });
});
