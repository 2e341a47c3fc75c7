// No two folders of lib/ import each other, directly or round about: the layers have a direction inside the server
// too (docs/architecture.md). lib/server's own root (database, errors, secrets) is one folder, each part another.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

/** `lib/server/monitor/x.ts` → `server/monitor`; `lib/server/db.ts` → `server`; `lib/shared/x.ts` → `shared`. */
function folderOf(file: string): string {
  const [, top = "", sub] = path.relative(root, file).split(path.sep);
  return top === "server" && sub !== undefined && !/\.tsx?$/.test(sub) ? `server/${sub}` : top;
}

function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(path.join(root, "lib"))) {
    const from = folderOf(file);
    for (const [, target = ""] of readFileSync(file, "utf8").matchAll(/from "@\/(lib\/[^"]+)"/g)) {
      const to = folderOf(path.join(root, target));
      if (to === from || to === "generated") continue;
      graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
  }
  return graph;
}

function cycleThrough(graph: Map<string, Set<string>>, start: string): string[] | null {
  const search = (node: string, trail: string[]): string[] | null => {
    for (const next of graph.get(node) ?? []) {
      if (next === start) return [...trail, next];
      if (!trail.includes(next)) {
        const found = search(next, [...trail, next]);
        if (found) return found;
      }
    }
    return null;
  };
  return search(start, [start]);
}

it("has no import cycle between the folders of lib/", () => {
  const graph = folderGraph();
  expect(graph.get("server/collector")).toContain("server/monitor");
  const cycles = [...graph.keys()].flatMap((folder) => {
    const cycle = cycleThrough(graph, folder);
    return cycle ? [cycle.join(" → ")] : [];
  });
  expect(cycles).toEqual([]);
});

it("finds a cycle when there is one", () => {
  const graph = new Map([
    ["server/monitor", new Set(["server/events"])],
    ["server/events", new Set(["server/monitor"])],
  ]);
  expect(cycleThrough(graph, "server/monitor")).toEqual(["server/monitor", "server/events", "server/monitor"]);
});
