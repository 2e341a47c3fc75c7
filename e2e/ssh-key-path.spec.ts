// SSH key files in the running app: the server of the browser tests has no SSH_KEY_DIR, so a cluster that names a
// key file (the server's own SSH identity, say) is refused when it is saved, with how to turn key files on; a pasted
// key is still accepted, and a host override that starts with "-" is refused.
import { expect, test } from "./fixtures";

const ssh = (controller: Record<string, unknown>) => ({
  type: "ssh",
  user: "mesos",
  commands: { preset: "systemd" },
  ...controller,
});

test("a key file is refused at save time while SSH_KEY_DIR is unset; a pasted key is not", async ({ request }) => {
  const name = `ssh-key-path-${Date.now()}`;
  for (const privateKeyPath of ["/root/.ssh/id_ed25519", "/etc/passwd"]) {
    const refused = await request.post("/api/clusters", {
      data: { name, masters: ["http://127.0.0.1:8"], controller: ssh({ privateKeyPath }) },
    });
    expect(refused.status()).toBe(400);
    const { error } = (await refused.json()) as {
      error: { code: string; issues: { path: string; message: string }[] };
    };
    expect(error.code).toBe("invalid_input");
    expect(error.issues).toEqual([
      {
        path: "controller.privateKeyPath",
        message:
          "SSH key files are turned off on this server: its operator must set SSH_KEY_DIR to the directory that holds them (docs/configuration.md), or paste the key itself (controller.privateKey)",
      },
    ]);
  }
  const clusters = (await (await request.get("/api/clusters")).json()) as { name: string }[];
  expect(clusters.map((c) => c.name)).not.toContain(name);

  const hostile = await request.post("/api/clusters", {
    data: {
      name,
      masters: ["http://127.0.0.1:8"],
      controller: ssh({
        privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----",
        hosts: { "127.0.0.1:8": { host: "-oProxyCommand=id" } },
      }),
    },
  });
  expect(hostile.status()).toBe(400);

  const pasted = await request.post("/api/clusters", {
    data: {
      name,
      masters: ["http://127.0.0.1:8"],
      controller: ssh({ privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----" }),
    },
  });
  expect(pasted.status()).toBe(201);
  await request.delete(`/api/clusters/${((await pasted.json()) as { id: number }).id}`);
});
