// Password hashing with scrypt, a memory-hard function from Node's own crypto (no native addon to build).
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { DomainError } from "@/lib/server/errors";
import { singleton } from "@/lib/server/singleton";

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 64;
// scrypt needs 128·N·r bytes (32 MiB here); Node's default cap is exactly that, so allow a little more.
const MAX_MEMORY = 64 * 1024 * 1024;

/**
 * At most `concurrency` tasks at once, `queue` more waiting in order; beyond that a task is refused at once (503).
 * Each scrypt holds 32 MiB for its whole run, so a burst of logins must not start them all at once.
 */
export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly queue: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) this.running++;
    else if (this.waiting.length < this.queue) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else
      throw new DomainError(
        "unavailable",
        "busy",
        "the server is busy checking other passwords: try again in a few seconds",
      );
    try {
      return await task();
    } finally {
      // A waiting task takes over this one's place; `running` only drops when nobody waits.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

// Two at a time is 64 MiB, and leaves two of libuv's four threads (which scrypt runs on) to file and DNS work; 32
// waiting is about two seconds of hashing. One gate for the process: Next loads this module once per bundle.
export const MAX_CONCURRENT_HASHES = 2;
export const MAX_WAITING_HASHES = 32;

function gate(): HashGate {
  return singleton("password-hashes", () => new HashGate(MAX_CONCURRENT_HASHES, MAX_WAITING_HASHES));
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return gate().run(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { N: n, r, p, maxmem: MAX_MEMORY }, (error, key) =>
          error ? reject(error) : resolve(key),
        ),
      ),
  );
}

/** `scrypt$N$r$p$<salt base64>$<hash base64>` */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** Compares in constant time; false for a malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const key = await derive(password, Buffer.from(salt, "base64"), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}
