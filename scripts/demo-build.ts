// The demo's production build, redone only when the sources changed since the last one.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const BUILD_ID = ".next/BUILD_ID";
const SOURCE_FINGERPRINT = ".next/.source-sha";

const sha1 = (data: string | Buffer) => createHash("sha1").update(data).digest("hex");

/**
 * A SHA-1 over every tracked and untracked, not ignored file, computed as the shell demo did
 * (`git ls-files -co --exclude-standard -z | xargs -0 sha1sum | sha1sum`), so a build it fingerprinted still counts.
 * What cannot be read as a file (a deleted tracked file, the node_modules symlink to a directory) is left out, as
 * sha1sum leaves it out.
 */
export function sourceFingerprint(): string {
  const listed = spawnSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { encoding: "utf8" });
  const files = listed.status === 0 ? listed.stdout.split("\0").filter(Boolean) : [];
  const lines = files.map((file) => {
    try {
      return `${sha1(readFileSync(file))}  ${file}\n`;
    } catch {
      return "";
    }
  });
  return sha1(lines.join(""));
}

export function buildIsCurrent(fingerprint: string): boolean {
  if (!existsSync(BUILD_ID)) return false;
  try {
    return readFileSync(SOURCE_FINGERPRINT, "utf8").trim() === fingerprint;
  } catch {
    return false;
  }
}

/** `npx next build` with its output on the terminal; records `fingerprint` once it succeeded. Its exit code. */
export async function build(fingerprint: string, signal: AbortSignal): Promise<number | null> {
  const child = spawn("npx", ["next", "build"], { stdio: "inherit", signal, killSignal: "SIGTERM" });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (exitCode) => resolve(exitCode));
  });
  if (code === 0) writeFileSync(SOURCE_FINGERPRINT, `${fingerprint}\n`);
  return code;
}
