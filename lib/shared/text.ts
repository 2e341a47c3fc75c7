// The one cap on a message that came from outside (a master's answer, a ZooKeeper error, a znode's decode error, an
// exception) before it is stored, broadcast or shown: such a text may be as long as whatever sent it (a 503 body can
// be 256 MiB), and every viewer would receive it.

/** The longest message kept, in UTF-16 code units, the ellipsis and the stated length included. */
export const MAX_MESSAGE_CHARS = 300;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * `text` as it is when it has at most `max` characters; else its beginning, cut on a code-point boundary, then "…"
 * and the original length, e.g. `HTTP 503 from … (1048576 characters)`, `max` characters at most in all.
 */
export function capText(text: string, max: number = MAX_MESSAGE_CHARS): string {
  if (text.length <= max) return text;
  const suffix = `… (${text.length} characters)`;
  let end = Math.max(0, max - suffix.length);
  // Never split a surrogate pair: a lone high surrogate at the cut would not be a character.
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}${suffix}`.slice(0, Math.max(max, suffix.length));
}

/** `capText` for a message that may be absent. */
export function capNullable(text: string | null | undefined, max: number = MAX_MESSAGE_CHARS): string | null {
  return text === null || text === undefined ? null : capText(text, max);
}

export interface CapStringsOptions {
  /** The cap of every string (default MAX_MESSAGE_CHARS). */
  max?: number;
  /** Longer caps for the strings under these keys (e.g. a command's `output`, which has its own cap). */
  longer?: Readonly<Record<string, number>>;
  /** Values nested deeper than this are replaced by a note rather than walked (default 32). */
  maxDepth?: number;
}

/** A JSON-like value with every string in it (object keys included) capped: the last, defensive pass before a write. */
export function capStrings(value: unknown, options: CapStringsOptions = {}): unknown {
  const { max = MAX_MESSAGE_CHARS, longer = {}, maxDepth = 32 } = options;
  const walk = (item: unknown, limit: number, depth: number): unknown => {
    if (typeof item === "string") return capText(item, limit);
    if (item === null || typeof item !== "object") return item;
    if (depth >= maxDepth) return "… (nested too deeply)";
    if (Array.isArray(item)) return item.map((element) => walk(element, limit, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(item)) {
      out[capText(key, max)] = walk(child, Object.hasOwn(longer, key) ? (longer[key] ?? max) : max, depth + 1);
    }
    return out;
  };
  return walk(value, max, 0);
}
