import { z } from "zod";
import { controllerSchema } from "@/lib/shared/controller-config";
import { isFetchBlockedPort } from "@/lib/shared/blocked-ports";
import { MAX_ALLOW_ENTRIES, contactAddress, formatAllowEntry, parseAllowEntry } from "@/lib/shared/master-address";
import { ZkUrlError, parseZkUrl } from "@/lib/zk/url";

/** A master's base URL for clusters without ZooKeeper: http(s)://host:port, nothing after it. */
export function parseMasterUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new Error(`"${input}" is not a URL; write http://host:5050`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`"${input}" must use http or https`);
  if (url.username || url.password)
    throw new Error(`"${input}" must not carry credentials (use the cluster's HTTP credentials)`);
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash)
    throw new Error(`"${input}" must be a base URL (no path, query or fragment)`);
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  if (isFetchBlockedPort(port))
    throw new Error(
      `"${input}" uses port ${port}, which browsers and Node's fetch refuse to contact (the Fetch standard's blocked ports): a master there cannot be read`,
    );
  return url.origin;
}

const name = z
  .string({ error: "name is required" })
  .trim()
  .min(1, "name is required")
  .max(64, "name is at most 64 characters")
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/,
    "name may use letters, digits, spaces, '.', '_' and '-', starting with a letter or digit",
  );

const zk = z
  .string()
  .max(2048, "ZooKeeper URL is at most 2048 characters")
  .transform((value, ctx) => {
    try {
      parseZkUrl(value);
      return value.trim();
    } catch (error) {
      ctx.addIssue({ code: "custom", message: error instanceof ZkUrlError ? error.message : "invalid ZooKeeper URL" });
      return z.NEVER;
    }
  });

const masters = z
  .array(z.string().max(512), { error: "masters must be a list of URLs" })
  .min(1, "give at least one master URL")
  .max(15, "at most 15 masters")
  .transform((values, ctx) => {
    const urls: string[] = [];
    values.forEach((value, index) => {
      try {
        urls.push(parseMasterUrl(value));
      } catch (error) {
        ctx.addIssue({ code: "custom", path: [index], message: (error as Error).message });
      }
    });
    if (new Set(urls).size !== urls.length) ctx.addIssue({ code: "custom", message: "master URLs must be distinct" });
    return urls;
  });

/**
 * Where the cluster's masters may be: host names, `*.suffix`, IPs and CIDR ranges, stored in canonical form. A master
 * outside it is listed but never contacted (docs/security.md#hosts-contacted).
 */
const allowedMasters = z
  .array(z.string().max(300, "an allowed address is at most 300 characters"), {
    error: "allowedMasters must be a list of host names, IP addresses or CIDR ranges",
  })
  .max(MAX_ALLOW_ENTRIES, `allowedMasters has at most ${MAX_ALLOW_ENTRIES} entries`)
  .transform((values, ctx) => {
    const entries: string[] = [];
    values.forEach((value, index) => {
      if (value.trim() === "") return;
      try {
        entries.push(formatAllowEntry(parseAllowEntry(value)));
      } catch (error) {
        ctx.addIssue({ code: "custom", path: [index], message: (error as Error).message });
      }
    });
    return [...new Set(entries)];
  });

/** Basic credentials for masters that authenticate read-only endpoints; the password is write-only. */
const httpAuth = z.strictObject({
  username: z
    .string({ error: "httpAuth.username is required" })
    .min(1, "httpAuth.username is required")
    .max(256, "httpAuth.username is at most 256 characters")
    .refine((value) => !value.includes(":"), "httpAuth.username may not contain ':' (HTTP basic auth)"),
  password: z.string().max(1024, "httpAuth.password is at most 1024 characters").optional(),
});

/** What `POST /api/clusters` accepts. Exactly one of `zk` and `masters`. */
export const clusterInputSchema = z
  .strictObject({
    name,
    zk: zk.optional(),
    masters: masters.optional(),
    quorum: z
      .number({ error: "quorum must be a number" })
      .int("quorum must be a whole number")
      .min(1)
      .max(15)
      .nullable()
      .optional(),
    description: z.string().max(2000, "description is at most 2000 characters").optional(),
    /** null removes stored credentials; a password left out keeps the stored one (PUT). */
    httpAuth: httpAuth.nullable().optional(),
    /** null or [] removes the allowlist; left out (PUT) keeps the stored one. Required with httpAuth and zk. */
    allowedMasters: allowedMasters.nullable().optional(),
    /** How masters are stopped and started: { type: "sim", url } or { type: "ssh", ... }; null removes it. */
    controller: controllerSchema.nullable().optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.zk === undefined) === (input.masters === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["zk"],
        message: "give either zk (a zk:// URL) or masters (a list of master URLs), not both",
      });
    }
    if (input.masters && input.quorum != null && input.quorum > input.masters.length) {
      ctx.addIssue({
        code: "custom",
        path: ["quorum"],
        message: `quorum ${input.quorum} exceeds the ${input.masters.length} masters given`,
      });
    }
  });

export type ClusterInput = z.output<typeof clusterInputSchema>;

/**
 * The allowlist rule (docs/security.md#hosts-contacted): a ZooKeeper cluster with HTTP credentials must say where its
 * masters may be, or anyone who can write its ZooKeeper path could name a host of theirs and receive the credentials.
 * A static cluster's own URLs are where its masters are; an allowlist, when given, must include them. Null when the
 * definition obeys it.
 */
export function allowlistProblem(definition: {
  zk: boolean;
  masters: readonly string[] | null;
  httpAuth: boolean;
  allowedMasters: readonly string[] | null;
}): string | null {
  const entries = (definition.allowedMasters ?? []).map(parseAllowEntry);
  if (definition.zk && definition.httpAuth && entries.length === 0)
    return "allowedMasters is required with httpAuth: list the masters' host names, IPs or CIDR ranges, or anyone who can write the cluster's ZooKeeper path could name a host of theirs and receive the credentials";
  if (entries.length === 0) return null;
  for (const master of definition.masters ?? []) {
    const host = new URL(master).hostname;
    if (!contactAddress([host], entries).ok)
      return `the master ${master} is outside allowedMasters: add it or remove it`;
  }
  return null;
}

/** What "test connection" accepts: where the masters are and how to reach them; the rest of the form is ignored. */
export const connectionTestSchema = z
  .object({
    zk: zk.optional(),
    masters: masters.optional(),
    httpAuth: httpAuth.nullable().optional(),
    allowedMasters: allowedMasters.nullable().optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.zk === undefined) === (input.masters === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["zk"],
        message: "give either zk (a zk:// URL) or masters (a list of master URLs), not both",
      });
    }
  });

export type ConnectionTestInput = z.output<typeof connectionTestSchema>;
