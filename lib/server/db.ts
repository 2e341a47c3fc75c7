import "server-only";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { DEFAULT_DATABASE_URL, databaseFileFromUrl } from "./database-url";
import { applyMigrations, readMigrations } from "./migrations";
import { singleton } from "./singleton";

/** The database file in use: DATABASE_URL, or data/dashboard.db under the project root. */
export function databaseFile(): string {
  return databaseFileFromUrl(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, process.cwd());
}

/**
 * The database's directory and files are the server's alone: a directory this creates is 0700, and the database with
 * its -wal and -shm is 0600 (created so before SQLite opens it, since SQLite gives -wal and -shm the database's
 * mode; tightened when it exists). An existing directory keeps its mode: DATABASE_URL may point into a shared one.
 */
export function secureDatabaseFiles(file: string): void {
  const dir = path.dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
  for (const own of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(own)) chmodSync(own, 0o600);
}

/** Applies pending migrations once per process; every path to the database goes through here first. */
export function ensureDatabase(): string {
  return singleton("database-migrated", () => {
    const file = databaseFile();
    secureDatabaseFiles(file);
    const applied = applyMigrations(file, readMigrations(path.join(process.cwd(), "prisma/migrations")));
    if (applied.length > 0) console.log(`[db] applied migrations to ${file}: ${applied.join(", ")}`);
    return file;
  });
}

export function getDb(): PrismaClient {
  return singleton("prisma", () => {
    const file = ensureDatabase();
    return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 15_000 }) });
  });
}
