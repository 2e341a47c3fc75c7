import { describe, expect, it } from "vitest";
import { changeRevokesTokens, tokenExpired, tokenExpiry } from "./tokens";

describe("token expiry", () => {
  it("adds whole days to the creation time, and the expiry instant itself is expired", () => {
    const created = new Date("2026-01-01T00:00:00.000Z");
    const expires = tokenExpiry(created, 90);
    expect(expires.toISOString()).toBe("2026-04-01T00:00:00.000Z");
    expect(tokenExpired(expires, new Date(expires.getTime() - 1))).toBe(false);
    expect(tokenExpired(expires, expires)).toBe(true);
  });
});

describe("changeRevokesTokens", () => {
  it("revokes on every password reset and on a lower role, not on a promotion or the same role", () => {
    expect(changeRevokesTokens("viewer", { password: "new-password" })).toBe(true);
    expect(changeRevokesTokens("admin", { role: "operator" })).toBe(true);
    expect(changeRevokesTokens("operator", { role: "viewer" })).toBe(true);
    expect(changeRevokesTokens("viewer", { role: "admin" })).toBe(false);
    expect(changeRevokesTokens("operator", { role: "operator" })).toBe(false);
  });
});
