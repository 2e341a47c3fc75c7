// The CSRF token is compared in constant time: crypto.timingSafeEqual on buffers of equal length, never `!==`.
import type * as Crypto from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";

const compared = vi.hoisted(() => ({ calls: [] as [number, number][] }));
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof Crypto>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.calls.push([a.byteLength, b.byteLength]);
      return actual.timingSafeEqual(a, b);
    },
  };
});

const { checkCsrf, csrfTokenMatches } = await import("./server");

const SESSION_TOKEN = "k3Yb0Qh9m2VxR7tLpZc1sW4nE8uJ6aD0";
const principal = {
  user: { id: 1, username: "alice", role: "admin" as const },
  via: "session" as const,
  csrfToken: SESSION_TOKEN,
  sessionId: 1,
};

function post(token: string | null): Request {
  const headers: Record<string, string> = { Origin: "http://127.0.0.1:3000" };
  if (token !== null) headers["X-CSRF-Token"] = token;
  return new Request("http://127.0.0.1:3000/api/clusters", { method: "POST", headers });
}

beforeEach(() => {
  compared.calls = [];
});

describe("checkCsrf", () => {
  it("accepts the session's token, compared with timingSafeEqual on equal-length buffers", () => {
    expect(() => checkCsrf(post(SESSION_TOKEN), principal)).not.toThrow();
    expect(compared.calls).toEqual([[SESSION_TOKEN.length, SESSION_TOKEN.length]]);
  });

  it("refuses a wrong token of the same length through the same comparison, and others without one", () => {
    const wrong = `${SESSION_TOKEN.slice(0, -1)}X`;
    expect(() => checkCsrf(post(wrong), principal)).toThrow("missing or wrong X-CSRF-Token: reload the page");
    expect(compared.calls).toEqual([[SESSION_TOKEN.length, SESSION_TOKEN.length]]);
    compared.calls = [];
    for (const token of [null, "", SESSION_TOKEN.slice(1), `${SESSION_TOKEN}x`, "é".repeat(SESSION_TOKEN.length)])
      expect(() => checkCsrf(post(token), principal)).toThrow(/X-CSRF-Token/);
    // Lengths differ (in bytes, too, for the accented one): nothing to compare, timingSafeEqual would throw.
    expect(compared.calls).toEqual([]);
  });
});

it("csrfTokenMatches is false without a token on either side", () => {
  expect(csrfTokenMatches(null, SESSION_TOKEN)).toBe(false);
  expect(csrfTokenMatches(SESSION_TOKEN, null)).toBe(false);
  expect(csrfTokenMatches(SESSION_TOKEN, SESSION_TOKEN)).toBe(true);
});
