// The data directory and the files in it are the server's alone: the directory 0700, the database with its -wal and
// -shm 0600, and a key file its group or others may read is refused.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secureDatabaseFiles } from "./db";
import { refuseExposedKeyFile } from "./secrets";

let root: string;
const mode = (file: string) => statSync(file).mode & 0o777;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "data-files-"));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("secureDatabaseFiles", () => {
  it("creates the data directory 0700 and the database 0600, whose -wal and -shm SQLite then makes 0600 too", () => {
    const file = path.join(root, "fresh", "data", "dashboard.db");
    secureDatabaseFiles(file);
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(mode(path.dirname(path.dirname(file)))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);");
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    db.close();
  });

  it("tightens an existing database and its -wal and -shm to 0600, and leaves an existing directory as it was", () => {
    const dir = path.join(root, "shared");
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const file = path.join(dir, "dashboard.db");
    for (const f of [file, `${file}-wal`, `${file}-shm`]) writeFileSync(f, "", { mode: 0o644 });
    for (const f of [file, `${file}-wal`, `${file}-shm`]) chmodSync(f, 0o644);
    secureDatabaseFiles(file);
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    expect(mode(dir)).toBe(0o755);
  });
});

describe("refuseExposedKeyFile", () => {
  it("accepts a key file only its owner may read, and says to chmod 600 one that others may", () => {
    const key = path.join(root, "secret.key");
    writeFileSync(key, "k".repeat(44));
    chmodSync(key, 0o600);
    expect(() => refuseExposedKeyFile(key)).not.toThrow();
    chmodSync(key, 0o400);
    expect(() => refuseExposedKeyFile(key)).not.toThrow();
    for (const loose of [0o644, 0o640, 0o604, 0o620])
      expect(() => {
        chmodSync(key, loose);
        refuseExposedKeyFile(key);
      }).toThrow(
        `the encryption key ${key} is readable or writable by its group or others (mode 0${loose.toString(8)}): run chmod 600 ${key}`,
      );
  });
});
