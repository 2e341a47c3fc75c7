// What a libprocess server reads from a request's `Accept` and `Accept-Encoding` (3rdparty/libprocess/src/http.cpp).
// Both headers are parsed alike: spaces, tabs and newlines are removed, the first candidate the header names decides,
// and it is accepted unless its `q` parses as a number that is not above 0.

/** `strings::pairs(entry, ";", "=")`: only `key=value` pairs of two non-empty tokens count; one `q` or none. */
function acceptedByQ(parameters: string[]): boolean {
  const q = parameters
    .map((p) => p.split("=").filter(Boolean))
    .filter((pair) => pair.length === 2 && pair[0] === "q")
    .map((pair) => pair[1] ?? "");
  // No q, or a malformed one (more than one value): accepted.
  if (q.length !== 1) return true;
  const value = Number(q[0]);
  return Number.isFinite(value) && value > 0;
}

/** The first of `candidates` the header names (case-insensitively) decides; none named: not accepted. */
function firstNamedDecides(header: string, candidates: string[]): boolean {
  const entries = header
    .replace(/[ \t\n]/g, "")
    .split(",")
    .filter(Boolean);
  for (const candidate of candidates) {
    for (const entry of entries) {
      const [name, ...parameters] = entry.split(";").filter(Boolean);
      if (name !== undefined && name.toLowerCase() === candidate.toLowerCase()) return acceptedByQ(parameters);
    }
  }
  return false;
}

// `Request::acceptsMediaType` (the same from 1.0.0 to 1.11.0): no `Accept` accepts everything; otherwise the first of
// `type/subtype`, `type/*`, `*/*` that the header names decides.
export function acceptsMediaType(accept: string | undefined, mediaType: string): boolean {
  const [kind, subtype] = mediaType.split("/");
  if (!kind || !subtype) return false;
  if (accept === undefined) return true;
  return firstNamedDecides(accept, [mediaType, `${kind}/*`, "*/*"]);
}

/**
 * `Request::acceptsEncoding` (0.24.0 to 1.11.0): no `Accept-Encoding`, or an empty one, accepts only the identity;
 * otherwise the encoding, then `*`, decides. Before 0.24 (`Request::accepts` in include/process/http.hpp) an entry
 * counted when it merely started with the candidate, case-sensitively, and its `q` was read the same way.
 */
export function acceptsEncoding(header: string | undefined, encoding: string, prefixMatch = false): boolean {
  if (header === undefined || header === "") return false;
  if (!prefixMatch) return firstNamedDecides(header, [encoding, "*"]);
  const entries = header
    .replace(/[ \t\n]/g, "")
    .split(",")
    .filter(Boolean);
  for (const candidate of [encoding, "*"]) {
    const entry = entries.find((e) => e.startsWith(candidate));
    if (entry !== undefined) return acceptedByQ(entry.split(";").filter(Boolean).slice(1));
  }
  return false;
}
