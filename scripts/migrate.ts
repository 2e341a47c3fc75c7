// npm run db:migrate: applies pending migrations to DATABASE_URL (default data/dashboard.db) without starting
// the server, which does the same by itself on start.
import path from "node:path";
import { DEFAULT_DATABASE_URL, databaseFileFromUrl } from "../lib/server/database-url";
import { applyMigrations, readMigrations } from "../lib/server/migrations";

const root = path.resolve(import.meta.dirname, "..");
try {
  const file = databaseFileFromUrl(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, process.cwd());
  const applied = applyMigrations(file, readMigrations(path.join(root, "prisma/migrations")));
  console.log(applied.length > 0 ? `Applied to ${file}: ${applied.join(", ")}` : `${file} is up to date.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
