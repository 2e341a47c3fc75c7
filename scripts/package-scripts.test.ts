// Every npm script that runs a file of ours names a file that exists (`npm run zk` once pointed at a missing one).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

it("names only files that exist", () => {
  const scripts = (
    JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }
  ).scripts;
  const files = Object.entries(scripts).flatMap(([name, command]) =>
    [...command.matchAll(/(?:^|\s)(?:tsx|bash|node)\s+([\w./-]+\.(?:ts|sh|mjs|js))/g)].map(
      (m) => [name, m[1] ?? ""] as const,
    ),
  );
  expect(files.length).toBeGreaterThan(5);
  expect(files.filter(([, file]) => !existsSync(path.join(root, file)))).toEqual([]);
});
