// Every page and layout of the signed-in app checks the session itself. A client-side navigation renders only the
// segments below the layouts it shares, so a page that relied on its parent layout's check would answer a request
// without a session with its data (the browser test "page data without a session" replays such requests).
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

const signedIn = path.resolve(import.meta.dirname, "../../../app/(app)");

function segmentFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? segmentFiles(full) : /^(page|layout)\.tsx$/.test(name) ? [full] : [];
  });
}

it("has every page and layout under app/(app) call requirePrincipal", () => {
  const files = segmentFiles(signedIn);
  expect(files.length).toBeGreaterThan(10);
  const unchecked = files
    .filter((file) => !/await requirePrincipal\(/.test(readFileSync(file, "utf8")))
    .map((file) => path.relative(signedIn, file));
  expect(unchecked).toEqual([]);
});
