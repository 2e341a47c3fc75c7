import "server-only";
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

/** Applies pending migrations once per process; every path to the database goes through here first. */
export function ensureDatabase(): string {
  return singleton("database-migrated", () => {
    const file = databaseFile();
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
