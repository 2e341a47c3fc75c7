import { expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

it("hashes with scrypt and a random salt, and verifies only the right password", async () => {
  const hash = await hashPassword("correct horse");
  expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{88}$/);
  expect(await hashPassword("correct horse")).not.toBe(hash);
  expect(await verifyPassword("correct horse", hash)).toBe(true);
  expect(await verifyPassword("correct horsE", hash)).toBe(false);
  expect(await verifyPassword("x", "bcrypt$whatever")).toBe(false);
});
