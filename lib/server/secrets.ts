import "server-only";
// Secrets at rest (Mesos HTTP passwords, SSH private keys, ZooKeeper digest credentials): AES-256-GCM with a key
// from DASHBOARD_SECRET_KEY (32 bytes, base64 or hex), or from a key file created beside the database on first use.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { databaseFile } from "./db";
import { singleton } from "./singleton";

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

/**
 * Where a secret belongs: the cluster and the field (`cluster:12:httpAuth.password`). It is the GCM associated data,
 * so a ciphertext copied into another cluster's row or another field does not decrypt.
 */
export type SecretContext = `cluster:${number}:${"httpAuth.password" | "zkUrl" | "controller.privateKey"}`;

export function secretContext(clusterId: number, field: "httpAuth.password" | "zkUrl" | "controller.privateKey") {
  return `cluster:${clusterId}:${field}` as SecretContext;
}

/** The current format: AES-256-GCM, a 12-byte IV, a 16-byte tag, the context as associated data. */
const CURRENT = "enc:v2:";
/** The first format, without associated data; read only to migrate it (`migrateSecret`). */
const LEGACY = "enc:v1:";
const TAG_BYTES = 16;

export function isEncrypted(value: string): boolean {
  return value.startsWith(CURRENT);
}

export function encryptSecret(plain: string, context: SecretContext): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `${CURRENT}${iv.toString("base64")}:${cipher.getAuthTag().toString("base64")}:${data.toString("base64")}`;
}

function decrypt(body: string, context: SecretContext | null): string {
  const [iv, tag, data, ...rest] = body.split(":");
  const tagBytes = Buffer.from(tag ?? "", "base64");
  const ivBytes = Buffer.from(iv ?? "", "base64");
  // A shorter tag would be accepted by GCM and weaken it: only the full 16 bytes are.
  if (!data || rest.length > 0 || ivBytes.length !== 12 || tagBytes.length !== TAG_BYTES)
    throw new Error("a stored secret is malformed");
  const decipher = createDecipheriv("aes-256-gcm", key(), ivBytes, { authTagLength: TAG_BYTES });
  if (context !== null) decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(tagBytes);
  try {
    return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(
      "a stored secret cannot be decrypted: it was stored for another cluster or field, or with another key (DASHBOARD_SECRET_KEY or data/secret.key)",
    );
  }
}

/**
 * The plain text of a secret stored for `context`. Only the current format is read: plain text and the first format
 * are migrated when the server starts (lib/server/clusters/secret-migration.ts) and refused afterwards, so a value
 * written into the database by hand is never taken as a secret.
 */
export function decryptSecret(stored: string, context: SecretContext): string {
  if (!stored.startsWith(CURRENT))
    throw new Error(
      `a stored secret (${context}) is not in the current encrypted format: restart the server to migrate it, or enter it again`,
    );
  return decrypt(stored.slice(CURRENT.length), context);
}

/**
 * A stored value in the current format for `context`: plain text and the first format are encrypted anew; a value
 * already current is returned as is. Null when it needs no change.
 */
export function migrateSecret(stored: string, context: SecretContext): string | null {
  if (stored.startsWith(CURRENT)) return null;
  const plain = stored.startsWith(LEGACY) ? decrypt(stored.slice(LEGACY.length), null) : stored;
  return encryptSecret(plain, context);
}
