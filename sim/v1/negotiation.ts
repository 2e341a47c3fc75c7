// `Request::acceptsMediaType` (3rdparty/libprocess/src/http.cpp, the same from 1.0.0 to 1.11.0): no `Accept` accepts
// everything; otherwise the first of `type/subtype`, `type/*`, `*/*` that the header names decides, and it accepts
// unless its `q` parses as a number that is not above 0. Spaces, tabs and newlines are removed first; media types
// compare case-insensitively.
export function acceptsMediaType(accept: string | undefined, mediaType: string): boolean {
  const [kind, subtype] = mediaType.split("/");
  if (!kind || !subtype) return false;
  if (accept === undefined) return true;
  const header = accept.replace(/[ \t\n]/g, "");
  for (const candidate of [mediaType, `${kind}/*`, "*/*"]) {
    for (const entry of header.split(",").filter(Boolean)) {
      const [name, ...parameters] = entry.split(";").filter(Boolean);
      if (name === undefined || name.toLowerCase() !== candidate.toLowerCase()) continue;
      // `strings::pairs(entry, ";", "=")`: only `key=value` pairs of two non-empty tokens count.
      const q = parameters
        .map((p) => p.split("=").filter(Boolean))
        .filter((pair) => pair.length === 2 && pair[0] === "q")
        .map((pair) => pair[1] ?? "");
      // No q, or a malformed one (more than one value): accepted.
      if (q.length !== 1) return true;
      const value = Number(q[0]);
      return Number.isFinite(value) && value > 0;
    }
  }
  return false;
}
