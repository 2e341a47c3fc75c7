import { expect, it } from "vitest";
import { sshControllerSchema } from "./controller-config";

const base = { type: "ssh", user: "mesos", privateKey: "-----BEGIN PRIVATE KEY-----", commands: { preset: "systemd" } };

it("refuses an SSH host that starts with '-' (it would read as an option), as an override and as a master's key", () => {
  const hosts = (value: Record<string, unknown>) => sshControllerSchema.safeParse({ ...base, hosts: value }).success;
  expect(hosts({ "m1.example:5050": { host: "bastion.example" } })).toBe(true);
  expect(hosts({ "m1.example:5050": { host: "-oProxyCommand=touch /tmp/pwned" } })).toBe(false);
  expect(hosts({ "-oProxyCommand:5050": { host: "bastion.example" } })).toBe(false);
  const hostKeys = (value: Record<string, string>) =>
    sshControllerSchema.safeParse({ ...base, hostKeys: value }).success;
  expect(hostKeys({ "m1.example:22": `SHA256:${"A".repeat(43)}` })).toBe(true);
  expect(hostKeys({ "-m1.example:22": `SHA256:${"A".repeat(43)}` })).toBe(false);
});
