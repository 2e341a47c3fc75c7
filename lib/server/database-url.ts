import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/dashboard.db";

/**
 * The SQLite file named by a Prisma-style `file:` URL (`file:./data/dashboard.db`, `file:/abs/path.db`,
 * `file:///abs/path.db`). Relative paths are resolved against `cwd`, the project root when run by npm.
 */
export function databaseFileFromUrl(url: string, cwd: string): string {
  if (!url.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a SQLite file URL such as ${DEFAULT_DATABASE_URL}; got "${url}"`);
  }
  const raw =
    url
      .slice("file:".length)
      .replace(/^\/\/(?=\/)/, "")
      .split("?")[0] ?? "";
  if (raw === "") throw new Error(`DATABASE_URL "${url}" names no file`);
  return path.resolve(cwd, raw);
}
