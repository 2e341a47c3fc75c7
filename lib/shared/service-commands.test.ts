import { describe, expect, it } from "vitest";
import { PRESETS, commandLine, shellQuote } from "./service-commands";

describe("commandLine", () => {
  it("quotes every argument, so nothing is interpreted by the remote shell", () => {
    expect(commandLine(PRESETS.systemd.restart, { host: "10.0.0.1", port: 5050 })).toBe(
      "'sudo' '-n' 'systemctl' 'restart' 'mesos-master'",
    );
    expect(commandLine(["echo", "$(reboot); `id` > /tmp/x", "it's"], { host: "h", port: 1 })).toBe(
      `'echo' '$(reboot); \`id\` > /tmp/x' 'it'\\''s'`,
    );
  });

  it("fills in the validated host and port", () => {
    expect(
      commandLine(["/opt/bin/ctl", "stop", "--port={port}", "{host}"], { host: "m1.example.com", port: 5050 }),
    ).toBe("'/opt/bin/ctl' 'stop' '--port=5050' 'm1.example.com'");
  });

  it("refuses invalid hosts, ports and empty commands", () => {
    expect(() => commandLine(["x"], { host: "h; rm -rf /", port: 5050 })).toThrow(/invalid host/);
    expect(() => commandLine(["x"], { host: "h", port: 70_000 })).toThrow(/invalid port/);
    expect(() => commandLine([], { host: "h", port: 1 })).toThrow(/empty/);
  });
});

it("has the service managers' commands (docs/mesos/failover.md#operator-commands)", () => {
  expect(PRESETS.upstart.stop.join(" ")).toBe("sudo -n stop mesos-master");
  expect(PRESETS.sysv.start.join(" ")).toBe("sudo -n /etc/init.d/mesos-master start");
  expect(shellQuote("")).toBe("''");
});
