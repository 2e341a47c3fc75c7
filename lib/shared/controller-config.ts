// A cluster's controller settings: how the dashboard stops and starts its masters. Validated on input; the stored
// private key is write-only (never returned by the API).
import { z } from "zod";
import { type CustomCommands, PRESETS } from "@/lib/shared/service-commands";

const origin = z
  .string()
  .max(512)
  .transform((value, ctx) => {
    try {
      const url = new URL(value);
      if ((url.protocol === "http:" || url.protocol === "https:") && (url.pathname === "/" || url.pathname === ""))
        return url.origin;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: "custom", message: "controller.url must be a base URL such as http://127.0.0.1:5049" });
    return z.NEVER;
  });

const argv = z.array(z.string().min(1).max(1024)).min(1, "a command needs at least one argument").max(64);
const fingerprint = z
  .string()
  .regex(
    /^SHA256:[A-Za-z0-9+/]{43}=?$/,
    "a host key fingerprint looks like SHA256:<43 base64 characters>, as ssh-keygen -lf prints it",
  );
// A host never starts with "-": substituted for `{host}` it would read as an option of the command.
const hostPort = z.string().regex(/^[A-Za-z0-9.[\]:][A-Za-z0-9.[\]:-]*:\d{1,5}$/, "write host:port");

export const simControllerSchema = z.strictObject({ type: z.literal("sim"), url: origin });

/** Without `privateKey` or `privateKeyPath`, an update keeps the stored key; a new cluster needs one of them. */
export const sshControllerSchema = z.strictObject({
  type: z.literal("ssh"),
  user: z.string().regex(/^[a-z_][a-z0-9_.-]{0,31}$/, "controller.user must be a Unix user name"),
  port: z.number().int().min(1).max(65_535).default(22),
  privateKeyPath: z
    .string()
    .startsWith("/", "controller.privateKeyPath must be an absolute path on the dashboard's server")
    .max(1024)
    .optional(),
  privateKey: z
    .string()
    .includes("PRIVATE KEY", { message: "controller.privateKey must be a PEM or OpenSSH private key" })
    .max(16_384)
    .optional(),
  commands: z.union([
    z.strictObject({ preset: z.enum(["systemd", "upstart", "sysv"]) }),
    z.strictObject({ stop: argv, start: argv, restart: argv }),
  ]),
  /** Pinned host key fingerprints by `host:port` of the SSH server. */
  hostKeys: z.record(hostPort, fingerprint).default({}),
  /** Where to SSH for a master, by the master's `host:port`, when it is not the master's own host on `port`. */
  hosts: z
    .record(
      hostPort,
      z.strictObject({
        host: z
          .string()
          .min(1)
          .max(253)
          .refine((host) => !host.startsWith("-"), 'a host cannot start with "-"'),
        port: z.number().int().min(1).max(65_535).optional(),
      }),
    )
    .default({}),
  timeoutMs: z.number().int().min(1_000).max(600_000).default(60_000),
});

export const controllerSchema = z.discriminatedUnion("type", [simControllerSchema, sshControllerSchema]);

export type ControllerConfig = z.output<typeof controllerSchema>;
export type SshControllerConfig = z.output<typeof sshControllerSchema>;

/** The commands for each action, from a preset or custom. */
export function commandsOf(config: SshControllerConfig): CustomCommands {
  return "preset" in config.commands ? PRESETS[config.commands.preset] : config.commands;
}

/** What the API shows of a controller: everything but the private key. */
export function controllerView(config: ControllerConfig | null): Record<string, unknown> | null {
  if (!config) return null;
  if (config.type === "sim") return config;
  const { privateKey, ...rest } = config;
  return { ...rest, hasStoredKey: privateKey !== undefined };
}

/** Reads a stored controller back (null when absent or no longer valid). */
export function readController(value: unknown): ControllerConfig | null {
  if (value === null || value === undefined) return null;
  // A stored private key is encrypted (`enc:v2:...`, or `enc:v1:...` until migrated): validate the rest, and hand the
  // key back as stored.
  const stored =
    typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>).privateKey : undefined;
  const encrypted = typeof stored === "string" && /^enc:v[12]:/.test(stored) ? stored : null;
  const parsed = controllerSchema.safeParse(
    encrypted ? { ...(value as object), privateKey: "PRIVATE KEY (stored)" } : value,
  );
  if (!parsed.success) return null;
  return encrypted && parsed.data.type === "ssh" ? { ...parsed.data, privateKey: encrypted } : parsed.data;
}
