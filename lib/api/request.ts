import "server-only";
import type { z } from "zod";
import { type Principal, authorize } from "@/lib/server/auth/server";
import type { Role } from "@/lib/shared/roles";
import { DomainError, invalidInput } from "@/lib/server/errors";
import { ApiError, errorResponse } from "./errors";

const MAX_BODY_BYTES = 64 * 1024;

/** Reads a JSON body of bounded size and validates it; every failure is a 4xx error. */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type))
    throw new ApiError(415, "unsupported_media_type", "send the body as application/json");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw bodyTooLarge();
  const text = await readCapped(request);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DomainError("invalid", "invalid_json", "the body is not valid JSON");
  }
  const result = schema.safeParse(json);
  if (!result.success) throw invalidInput(result.error);
  return result.data;
}

function bodyTooLarge(): ApiError {
  return new ApiError(413, "body_too_large", `the body is larger than ${MAX_BODY_BYTES} bytes`);
}

/**
 * The body as text, read chunk by chunk and given up at the first chunk past MAX_BODY_BYTES: a chunked body has no
 * Content-Length to check first, and `request.text()` would hold all of it in memory before anything could count.
 * Decodes UTF-8 as `text()` does (invalid sequences replaced, a leading BOM dropped).
 */
async function readCapped(request: Request): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let bytes = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    if (bytes > MAX_BODY_BYTES) {
      // The rest is never read. Not awaited: the 413 must not wait on the source, nor fail with it.
      reader.cancel().catch(() => undefined);
      throw bodyTooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
}

/** Who may call a route: anyone (`public`), or a signed-in principal with at least this role. */
export type Access = "public" | Role;

/**
 * Runs a handler after checking who asks (401/403, and CSRF for cookie sessions on state changes), and turns
 * whatever it throws into the API's error envelope. Every route goes through here, with its access declared.
 */
export async function handle(
  request: Request,
  access: "public",
  run: (principal: null) => Promise<Response>,
): Promise<Response>;
export async function handle(
  request: Request,
  access: Role,
  run: (principal: Principal) => Promise<Response>,
): Promise<Response>;
export async function handle(
  request: Request,
  access: Access,
  run: (principal: never) => Promise<Response>,
): Promise<Response> {
  try {
    const principal = access === "public" ? null : await authorize(request, access);
    return await run(principal as never);
  } catch (error) {
    return errorResponse(error);
  }
}

/** For a long-lived answer: whether the caller behind `request` may still make it (see closeWhenNotAllowed). */
export function stillAuthorized(request: Request, access: Role): () => Promise<boolean> {
  return () =>
    authorize(request, access).then(
      () => true,
      () => false,
    );
}
