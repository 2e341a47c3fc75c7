import "server-only";
// Secrets at rest (Mesos HTTP passwords, SSH private keys, ZooKeeper digest credentials): AES-256-GCM with a key
// from DASHBOARD_SECRET_KEY (32 bytes, base64 or hex), or from a key file created beside the database on first use.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { databaseFile } from "./db";
import { singleton } from "./singleton";

const PREFIX = "enc:v1:";

function parseKey(text: string, from: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) throw new Error(`${from} must hold 32 bytes (64 hex characters or 44 base64 characters)`);
  return key;
}

/** The key file's path: beside the database (`data/secret.key` by default). */
export function secretKeyFile(): string {
  return path.join(path.dirname(databaseFile()), "secret.key");
}

/** Refuses a key file that its group or others may read or write: whoever can read it can decrypt every secret. */
export function refuseExposedKeyFile(file: string): void {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0)
    throw new Error(
      `the encryption key ${file} is readable or writable by its group or others (mode ${mode.toString(8).padStart(4, "0")}): run chmod 600 ${file}`,
    );
}

function key(): Buffer {
  return singleton("secret-key", () => {
    const fromEnv = process.env.DASHBOARD_SECRET_KEY;
    if (fromEnv) return parseKey(fromEnv, "DASHBOARD_SECRET_KEY");
    const file = secretKeyFile();
    if (!existsSync(file)) {
      writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
      console.log(`[secrets] created the encryption key ${file}; back it up with the database`);
    }
    refuseExposedKeyFile(file);
    return parseKey(readFileSync(file, "utf8"), file);
  });
}

/**
 * At start (instrumentation.ts): reads the key, or creates its file, so that a malformed key or a key file others
 * may read stops the server now with the reason, not at the first secret it needs.
 */
export function ensureSecretKey(): void {
  key();
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(PREFIX);
}

export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `${PREFIX}${iv.toString("base64")}:${cipher.getAuthTag().toString("base64")}:${data.toString("base64")}`;
}

/** The plain text of an encrypted value (a plain value, from before encryption, is returned as is). */
export function decryptSecret(stored: string): string {
  if (!isEncrypted(stored)) return stored;
  const [iv, tag, data] = stored.slice(PREFIX.length).split(":");
  if (!iv || !tag || !data) throw new Error("a stored secret is malformed");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(
      "a stored secret cannot be decrypted: the key (DASHBOARD_SECRET_KEY or data/secret.key) is not the one it was stored with",
    );
  }
}
