import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkKeyPath, refuseKeyPathOutsideDir, sshKeyDir } from "./key-path";

let root: string;
let keys: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "key-path-"));
  keys = path.join(root, "keys");
  mkdirSync(path.join(keys, "cluster-a"), { recursive: true });
  writeFileSync(path.join(keys, "id_ed25519"), "PRIVATE KEY", { mode: 0o600 });
  writeFileSync(path.join(keys, "cluster-a", "id"), "PRIVATE KEY", { mode: 0o600 });
  writeFileSync(path.join(root, "server_identity"), "THE SERVER'S OWN KEY", { mode: 0o600 });
  symlinkSync(path.join(root, "server_identity"), path.join(keys, "innocent-looking")); // a link out of the directory
  symlinkSync(path.join(keys, "id_ed25519"), path.join(root, "link-in")); // a link from outside to a key inside
  symlinkSync(keys, path.join(root, "keys-link")); // the directory itself through a link
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("checkKeyPath", () => {
  it("accepts a regular file inside the directory, also in a subdirectory or when the directory is a link", async () => {
    expect(await checkKeyPath(path.join(keys, "id_ed25519"), keys)).toEqual({
      ok: true,
      file: path.join(keys, "id_ed25519"),
    });
    expect((await checkKeyPath(path.join(keys, "cluster-a", "id"), keys)).ok).toBe(true);
    expect((await checkKeyPath(path.join(keys, "id_ed25519"), path.join(root, "keys-link"))).ok).toBe(true);
    // A link from elsewhere to a key inside is read as the key inside.
    expect(await checkKeyPath(path.join(root, "link-in"), keys)).toEqual({
      ok: true,
      file: path.join(keys, "id_ed25519"),
    });
  });

  it("refuses a file outside, a link inside that leads outside, '..', the directory itself and missing files", async () => {
    const refused = async (keyPath: string) => {
      const check = await checkKeyPath(keyPath, keys);
      return check.ok ? "accepted" : check.reason;
    };
    expect(await refused(path.join(root, "server_identity"))).toBe(
      `the key file ${path.join(root, "server_identity")} is not inside SSH_KEY_DIR (${keys})`,
    );
    expect(await refused(path.join(keys, "innocent-looking"))).toBe(
      `the key file ${path.join(keys, "innocent-looking")} is not inside SSH_KEY_DIR (${keys}): it resolves to ${path.join(root, "server_identity")}`,
    );
    expect(await refused(`${keys}/../server_identity`)).toMatch(/is not inside SSH_KEY_DIR/);
    expect(await refused("/etc/passwd")).toMatch(/is not inside SSH_KEY_DIR/);
    expect(await refused(keys)).toMatch(/is not inside SSH_KEY_DIR/);
    expect(await refused(path.join(keys, "cluster-a"))).toBe(
      `the key path ${path.join(keys, "cluster-a")} is not a file`,
    );
    expect(await refused(path.join(keys, "missing"))).toMatch(/^the key file .*missing cannot be read: ENOENT/);
    expect(await refused("relative/key")).toBe("the key path relative/key is not absolute");
  });

  it("refuses every key file while SSH_KEY_DIR is unset, saying how to turn them on", async () => {
    expect(sshKeyDir({})).toBeNull();
    expect(sshKeyDir({ SSH_KEY_DIR: "  " })).toBeNull();
    expect(sshKeyDir({ SSH_KEY_DIR: keys })).toBe(keys);
    const check = await checkKeyPath(path.join(keys, "id_ed25519"), null);
    expect(check).toEqual({
      ok: false,
      reason:
        "SSH key files are turned off on this server: its operator must set SSH_KEY_DIR to the directory that holds them (docs/configuration.md), or paste the key itself (controller.privateKey)",
    });
  });
});

describe("refuseKeyPathOutsideDir", () => {
  it("is a 400 naming controller.privateKeyPath for an ssh controller's key outside, and passes everything else", async () => {
    const ssh = (privateKeyPath?: string) => ({ type: "ssh", ...(privateKeyPath ? { privateKeyPath } : {}) });
    await expect(refuseKeyPathOutsideDir(ssh("/etc/shadow"), keys)).rejects.toMatchObject({
      kind: "invalid",
      code: "invalid_input",
      issues: [{ path: "controller.privateKeyPath", message: expect.stringMatching(/not inside SSH_KEY_DIR/) }],
    });
    await expect(refuseKeyPathOutsideDir(ssh(path.join(keys, "id_ed25519")), null)).rejects.toMatchObject({
      kind: "invalid",
    });
    await expect(refuseKeyPathOutsideDir(ssh(path.join(keys, "id_ed25519")), keys)).resolves.toBeUndefined();
    await expect(refuseKeyPathOutsideDir(ssh(), null)).resolves.toBeUndefined(); // a pasted or stored key
    await expect(refuseKeyPathOutsideDir({ type: "sim" }, null)).resolves.toBeUndefined();
    await expect(refuseKeyPathOutsideDir(null, null)).resolves.toBeUndefined();
  });
});
