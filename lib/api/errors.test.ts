import { expect, it } from "vitest";
import { ApiError, errorResponse, isApiError } from "./errors";

it("recognises an ApiError from another bundle's copy of the class by its shape", async () => {
  class OtherCopy extends Error {
    constructor(
      readonly status: number,
      readonly code: string,
      message: string,
    ) {
      super(message);
      this.name = "ApiError";
    }
  }
  const foreign = new OtherCopy(409, "no_controller", "this cluster has no controller");
  expect(isApiError(foreign)).toBe(true);
  expect(isApiError(new Error("plain"))).toBe(false);
  expect(isApiError({ name: "ApiError", status: 409, code: "x" })).toBe(false);
  const response = errorResponse(foreign);
  expect(response.status).toBe(409);
  expect(await response.json()).toEqual({
    error: { code: "no_controller", message: "this cluster has no controller" },
  });
  expect(errorResponse(new ApiError(404, "not_found", "gone")).status).toBe(404);
});
