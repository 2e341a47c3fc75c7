import "server-only";
// SSH private key files (`controller.privateKeyPath`) only from the directory the server's operator names in
// SSH_KEY_DIR: otherwise an admin could make the dashboard use any file it can read, the server's own SSH identity
// included. Checked on the real paths (links resolved) when a cluster is saved and again before every connection.
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { DomainError } from "@/lib/server/errors";

export const SSH_KEY_DIR_VARIABLE = "SSH_KEY_DIR";

export type KeyPathCheck = { ok: true; file: string } | { ok: false; reason: string };

/** The configured key directory, or null when key files are turned off (SSH_KEY_DIR unset or empty). */
export function sshKeyDir(env: Record<string, string | undefined> = process.env): string | null {
  const dir = env[SSH_KEY_DIR_VARIABLE]?.trim();
  return dir ? dir : null;
}

/**
 * Where `keyPath` really is, if that is a regular file inside `dir` once every link of both is resolved; otherwise
 * why not, in a sentence that says how to fix it.
 */
export async function checkKeyPath(keyPath: string, dir: string | null): Promise<KeyPathCheck> {
  if (dir === null)
    return {
      ok: false,
      reason: `SSH key files are turned off on this server: its operator must set ${SSH_KEY_DIR_VARIABLE} to the directory that holds them (docs/configuration.md), or paste the key itself (controller.privateKey)`,
    };
  if (!path.isAbsolute(keyPath)) return { ok: false, reason: `the key path ${keyPath} is not absolute` };
  let realDir: string;
  try {
    realDir = await realpath(dir);
  } catch (error) {
    return { ok: false, reason: `${SSH_KEY_DIR_VARIABLE} (${dir}) cannot be read: ${(error as Error).message}` };
  }
  let realFile: string;
  try {
    realFile = await realpath(keyPath);
  } catch (error) {
    return { ok: false, reason: `the key file ${keyPath} cannot be read: ${(error as Error).message}` };
  }
  const relative = path.relative(realDir, realFile);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative))
    return {
      ok: false,
      reason: `the key file ${keyPath} is not inside ${SSH_KEY_DIR_VARIABLE} (${dir})${realFile !== keyPath ? `: it resolves to ${realFile}` : ""}`,
    };
  if (!(await stat(realFile)).isFile()) return { ok: false, reason: `the key path ${keyPath} is not a file` };
  return { ok: true, file: realFile };
}

/** At save time: a controller that names a key file outside SSH_KEY_DIR (or any, when it is unset) is a 400. */
export async function refuseKeyPathOutsideDir(
  controller: { type: string; privateKeyPath?: string } | null | undefined,
  dir: string | null = sshKeyDir(),
): Promise<void> {
  if (controller?.type !== "ssh" || controller.privateKeyPath === undefined) return;
  const check = await checkKeyPath(controller.privateKeyPath, dir);
  if (!check.ok)
    throw new DomainError("invalid", "invalid_input", `controller.privateKeyPath: ${check.reason}`, [
      { path: "controller.privateKeyPath", message: check.reason },
    ]);
}
