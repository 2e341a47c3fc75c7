// The commands an `ssh` controller runs on a master's host (pure). Presets follow the packages' service managers
// (docs/mesos/failover.md#operator-commands); custom commands are argument lists. Nothing reaches a shell unquoted:
// every argument is single-quoted, and the only values filled in (`{host}`, `{port}`) are validated first.

export type MasterAction = "stop" | "start" | "restart";
export const MASTER_ACTIONS: readonly MasterAction[] = ["stop", "start", "restart"];

export type CommandPreset = "systemd" | "upstart" | "sysv";
export type CustomCommands = Record<MasterAction, string[]>;

export const PRESETS: Record<CommandPreset, CustomCommands> = {
  systemd: {
    stop: ["sudo", "-n", "systemctl", "stop", "mesos-master"],
    start: ["sudo", "-n", "systemctl", "start", "mesos-master"],
    restart: ["sudo", "-n", "systemctl", "restart", "mesos-master"],
  },
  upstart: {
    stop: ["sudo", "-n", "stop", "mesos-master"],
    start: ["sudo", "-n", "start", "mesos-master"],
    restart: ["sudo", "-n", "restart", "mesos-master"],
  },
  sysv: {
    stop: ["sudo", "-n", "/etc/init.d/mesos-master", "stop"],
    start: ["sudo", "-n", "/etc/init.d/mesos-master", "start"],
    restart: ["sudo", "-n", "/etc/init.d/mesos-master", "restart"],
  },
};

const HOST = /^[A-Za-z0-9.:[\]-]{1,253}$/;

/** Quotes one argument for a POSIX shell: `it's` → `'it'\''s'`. */
export function shellQuote(argument: string): string {
  return `'${argument.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command line for `action` on the master at host:port: placeholders `{host}` and `{port}` are replaced inside
 * arguments after validation, then every argument is quoted. Throws on an invalid host or port.
 */
export function commandLine(argv: readonly string[], master: { host: string; port: number }): string {
  if (!HOST.test(master.host))
    throw new Error(`refusing to run a command for the invalid host ${JSON.stringify(master.host)}`);
  if (!Number.isInteger(master.port) || master.port < 1 || master.port > 65_535)
    throw new Error(`refusing to run a command for the invalid port ${master.port}`);
  if (argv.length === 0) throw new Error("the command is empty");
  return argv
    .map((arg) => shellQuote(arg.replaceAll("{host}", master.host).replaceAll("{port}", String(master.port))))
    .join(" ");
}
