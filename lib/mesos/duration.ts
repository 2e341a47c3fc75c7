/** Mesos' Duration flag syntax (`5secs`, `500ms`, `1mins`, `2hrs`, `1days`, `1weeks`, `10us`, `10ns`) in ms. */
const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  ms: 1,
  secs: 1000,
  mins: 60_000,
  hrs: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

export function parseMesosDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ns|us|ms|secs|mins|hrs|days|weeks)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration such as 5secs, 500ms or 1mins`);
  return Number(match[1]) * (UNITS[match[2] ?? ""] ?? 0);
}
