import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MigrationError, applyMigrations, readMigrations } from "./migrations";

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "migrations-test-"));
  file = path.join(dir, "nested", "test.db");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const query = <T>(sql: string): T[] => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
};

const first = {
  name: "20260101000000_first",
  sql: 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "A" VALUES (1);\n',
};
const second = {
  name: "20260102000000_second",
  sql: 'CREATE TABLE "B" ("id" INTEGER PRIMARY KEY, "a" INTEGER REFERENCES "A"("id"));\n',
};

describe("applyMigrations", () => {
  it("creates the file, applies in order and records Prisma-compatible history", () => {
    expect(applyMigrations(file, [first, second])).toEqual([first.name, second.name]);
    const rows = query<{ migration_name: string; checksum: string; applied_steps_count: number; finished_at: number }>(
      'SELECT migration_name, checksum, applied_steps_count, finished_at FROM "_prisma_migrations" ORDER BY started_at, migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual([first.name, second.name]);
    expect(rows[0]?.checksum).toBe(createHash("sha256").update(first.sql).digest("hex"));
    expect(rows.every((r) => r.applied_steps_count === 1 && typeof r.finished_at === "number")).toBe(true);
    expect(query<{ journal_mode: string }>("PRAGMA journal_mode")[0]?.journal_mode).toBe("wal");
  });

  it("applies nothing twice", () => {
    applyMigrations(file, [first]);
    expect(applyMigrations(file, [first, second])).toEqual([second.name]);
    expect(applyMigrations(file, [first, second])).toEqual([]);
    expect(query<{ n: number }>('SELECT count(*) AS n FROM "A"')[0]?.n).toBe(1);
  });

  it("accepts a script whose line endings changed, refuses one whose content changed", () => {
    applyMigrations(file, [first]);
    expect(applyMigrations(file, [{ ...first, sql: first.sql.replace(/\n/g, "\r\n") }])).toEqual([]);
    expect(() => applyMigrations(file, [{ ...first, sql: `${first.sql}-- edited\n` }])).toThrow(
      /modified after it was applied/,
    );
  });

  it("rolls a failing migration back completely and names it", () => {
    const broken = {
      name: "20260103000000_broken",
      sql: 'CREATE TABLE "C" ("id" INTEGER);\nINSERT INTO "nope" VALUES (1);\n',
    };
    expect(() => applyMigrations(file, [first, broken])).toThrow(MigrationError);
    expect(() => applyMigrations(file, [first, broken])).toThrow(/20260103000000_broken: no such table: nope/);
    expect(query<{ name: string }>("SELECT name FROM sqlite_master WHERE name = 'C'")).toEqual([]);
    expect(
      query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations"').map((r) => r.migration_name),
    ).toEqual([first.name]);
  });

  it("refuses to continue past a migration Prisma recorded as failed (P3009)", () => {
    applyMigrations(file, [first]);
    const db = new Database(file);
    db.prepare(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ('x', 'y', ?, 0)`,
    ).run(second.name);
    db.close();
    expect(() => applyMigrations(file, [first, second])).toThrow(/previous attempt failed/);
  });
});

describe("readMigrations", () => {
  it("reads the project's migrations in name order", () => {
    const migrations = readMigrations(path.resolve(import.meta.dirname, "../../prisma/migrations"));
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.map((m) => m.name)).toEqual([...migrations.map((m) => m.name)].sort());
    expect(migrations[0]?.sql).toMatch(/CREATE TABLE "Cluster"/);
  });
});
