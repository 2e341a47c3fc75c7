// `npm run soak -- --minutes N [--seed S] [--report path] [--no-build] [--port P] [--allowlist auto|on|off]`.
import { parseArgs } from "node:util";

export const MAX_MINUTES = 240;

export interface SoakOptions {
  minutes: number;
  seed: number;
  /** The markdown report; the JSON log of actions goes beside it (same name, `.json`). */
  report: string;
  build: boolean;
  /** The dashboard's port (3300-3399 free when not given). */
  port: number | null;
  /** Register the clusters with `allowedMasters: ["127.0.0.1"]`: auto = when the built app accepts the field. */
  allowlist: "auto" | "on" | "off";
}

export const SOAK_USAGE = `usage: npm run soak -- --minutes N [options]
  --minutes N        how long faults are injected, 1-${MAX_MINUTES} (required)
  --seed S           seed of the random choices (default: random; printed)
  --report PATH      markdown report (default .tmp/soak/report.md; the JSON log beside it)
  --no-build         use the existing .next build (default: build when .next is missing)
  --port P           the dashboard's port (default: a free one in 3300-3399)
  --allowlist MODE   auto|on|off: register the clusters with allowedMasters ["127.0.0.1"] (default auto)`;

function whole(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

/** Parses the command line; `randomSeed` supplies the seed when none is given. Throws with a message on bad input. */
export function parseSoakOptions(argv: string[], randomSeed: () => number): SoakOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      minutes: { type: "string" },
      seed: { type: "string" },
      report: { type: "string" },
      "no-build": { type: "boolean" },
      port: { type: "string" },
      allowlist: { type: "string" },
    },
  });
  if (values.minutes === undefined) throw new Error("--minutes N is required: the soak always has a bound");
  const allowlist = values.allowlist ?? "auto";
  if (allowlist !== "auto" && allowlist !== "on" && allowlist !== "off")
    throw new Error(`--allowlist must be auto, on or off, got "${allowlist}"`);
  return {
    minutes: whole("minutes", values.minutes, 1, MAX_MINUTES),
    seed: values.seed === undefined ? randomSeed() : whole("seed", values.seed, 0, 2 ** 31 - 1),
    report: values.report ?? ".tmp/soak/report.md",
    build: !values["no-build"],
    port: values.port === undefined ? null : whole("port", values.port, 1024, 65_535),
    allowlist,
  };
}
