import { expect, it } from "vitest";
import { DomainError, ERROR_KINDS } from "@/lib/server/errors";
import { ApiError, HTTP_STATUS, errorResponse } from "./errors";

it("recognises a DomainError from another bundle's copy of the class by its shape", async () => {
  class OtherCopy extends Error {
    constructor(
      readonly kind: string,
      readonly code: string,
      message: string,
    ) {
      super(message);
      this.name = "DomainError";
    }
  }
  const foreign = new OtherCopy("conflict", "no_controller", "this cluster has no controller");
  const response = errorResponse(foreign);
  expect(response.status).toBe(409);
  expect(await response.json()).toEqual({
    error: { code: "no_controller", message: "this cluster has no controller" },
  });
  expect(errorResponse(new DomainError("not_found", "not_found", "gone")).status).toBe(404);
  // A look-alike without a known kind is not trusted: it is an internal error.
  expect(errorResponse(new OtherCopy("teapot", "x", "y")).status).toBe(500);
  expect(errorResponse({ name: "DomainError", kind: "conflict", code: "x" }).status).toBe(500);
});

it("maps every kind of domain error to one status, and keeps the code and the issues", async () => {
  expect(Object.keys(HTTP_STATUS).sort()).toEqual([...ERROR_KINDS].sort());
  const response = errorResponse(
    new DomainError("invalid", "invalid_input", "name: required", [{ path: "name", message: "required" }]),
  );
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({
    error: { code: "invalid_input", message: "name: required", issues: [{ path: "name", message: "required" }] },
  });
});

it("answers HTTP's own errors with their status, and anything else with a 500 that hides the detail", async () => {
  expect(errorResponse(new ApiError(415, "unsupported_media_type", "send JSON")).status).toBe(415);
  const hidden = errorResponse(new Error("secret detail"));
  expect(hidden.status).toBe(500);
  expect(JSON.stringify(await hidden.json())).not.toContain("secret");
});
