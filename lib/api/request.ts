import "server-only";
import type { z } from "zod";
import { ApiError, errorResponse, validationError } from "./errors";

const MAX_BODY_BYTES = 64 * 1024;

/** Reads a JSON body of bounded size and validates it; every failure is a 4xx ApiError. */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new ApiError(415, "unsupported_media_type", "send the body as application/json");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new ApiError(413, "body_too_large", `the body is larger than ${MAX_BODY_BYTES} bytes`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new ApiError(413, "body_too_large", `the body is larger than ${MAX_BODY_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "the body is not valid JSON");
  }
  const result = schema.safeParse(json);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/** Runs a handler and turns whatever it throws into the API's error envelope. */
export async function handle(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    return errorResponse(error);
  }
}
