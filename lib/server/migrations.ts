import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * Applies prisma/migrations/* to a SQLite file, writing the same `_prisma_migrations` records as
 * `prisma migrate deploy` (the Prisma CLI cannot run here: see prisma/README.md#migrations).
 * Unlike Prisma, each migration runs in its own transaction, so a failing one leaves nothing behind,
 * and concurrent starts serialise on SQLite's write lock instead of applying a migration twice.
 */

export interface Migration {
  name: string;
  sql: string;
}

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    message: string,
  ) {
    super(`Migration ${migration}: ${message}`);
    this.name = "MigrationError";
  }
}

// Verbatim from Prisma's sql-schema-connector (SQLite flavour), so the Prisma CLI reads our history.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Prisma accepts a script whose line endings changed (a checkout on another OS) as unmodified. */
function checksums(sql: string): Set<string> {
  const lf = sql.replace(/\r\n/g, "\n");
  return new Set([sha256(sql), sha256(lf), sha256(lf.replace(/\n/g, "\r\n"))]);
}

/** Migration directories in Prisma's layout, in the order Prisma applies them. */
export function readMigrations(migrationsDir: string): Migration[] {
  if (!existsSync(migrationsDir)) throw new Error(`No migrations directory at ${migrationsDir}`);
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b))
    .map((name) => ({ name, sql: readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8") }));
}

interface HistoryRow {
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/** Applies the migrations not yet recorded; returns the names of those it applied. */
export function applyMigrations(databaseFile: string, migrations: Migration[]): string[] {
  mkdirSync(path.dirname(databaseFile), { recursive: true });
  const db = new Database(databaseFile, { timeout: 15_000 });
  try {
    db.pragma("journal_mode = WAL");
    // Table-redefining migrations drop and recreate tables; with foreign keys on, a DROP would cascade.
    db.pragma("foreign_keys = OFF");
    db.exec(CREATE_MIGRATIONS_TABLE);
    const history = db.prepare<[string], HistoryRow>(
      `SELECT checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE migration_name = ? AND rolled_back_at IS NULL`,
    );
    const applied: string[] = [];
    for (const migration of migrations) {
      if (applyOne(db, history, migration)) applied.push(migration.name);
    }
    return applied;
  } finally {
    db.close();
  }
}

function applyOne(
  db: Database.Database,
  history: Database.Statement<[string], HistoryRow>,
  migration: Migration,
): boolean {
  db.exec("BEGIN IMMEDIATE");
  try {
    const rows = history.all(migration.name);
    if (rows.some((row) => row.finished_at === null)) {
      throw new MigrationError(
        migration.name,
        "a previous attempt failed (Prisma P3009); resolve it before starting again",
      );
    }
    const done = rows.find((row) => row.finished_at !== null);
    if (done) {
      if (!checksums(migration.sql).has(done.checksum)) {
        throw new MigrationError(
          migration.name,
          "migration.sql was modified after it was applied; add a new migration instead",
        );
      }
      db.exec("COMMIT");
      return false;
    }
    const id = randomUUID();
    db.prepare(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES (?, ?, ?, ?)`).run(
      id,
      sha256(migration.sql),
      migration.name,
      Date.now(),
    );
    db.exec(migration.sql);
    const violations = db.pragma("foreign_key_check") as unknown[];
    if (violations.length > 0)
      throw new MigrationError(migration.name, `leaves ${violations.length} foreign key violations`);
    db.prepare(`UPDATE "_prisma_migrations" SET applied_steps_count = 1, finished_at = ? WHERE id = ?`).run(
      Date.now(),
      id,
    );
    db.exec("COMMIT");
    return true;
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    if (error instanceof MigrationError) throw error;
    throw new MigrationError(migration.name, error instanceof Error ? error.message : String(error));
  }
}
