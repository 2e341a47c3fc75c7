import { afterEach, expect, it, vi } from "vitest";
import { ApiRequestError, fetchJson, jsonRequest } from "./fetch-json";

afterEach(() => vi.unstubAllGlobals());

const answer = (status: number, body: string) =>
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => new Response(body || null, { status })),
  );

it("sends a JSON body with its content type", () => {
  expect(jsonRequest("PUT", { role: "admin" })).toEqual({
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: '{"role":"admin"}',
  });
});

it("answers the JSON body, or null for an empty one", async () => {
  answer(200, '{"id":3}');
  expect(await fetchJson("/api/x")).toEqual({ id: 3 });
  answer(204, "");
  expect(await fetchJson("/api/x", { method: "DELETE" })).toBeNull();
});

it("throws the API's code, message and per-field issues", async () => {
  answer(
    400,
    JSON.stringify({
      error: { code: "invalid_input", message: "name: required", issues: [{ path: "name", message: "required" }] },
    }),
  );
  const error = await fetchJson("/api/clusters", jsonRequest("POST", {})).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiRequestError);
  expect(error).toMatchObject({
    status: 400,
    code: "invalid_input",
    message: "name: required",
    issues: [{ path: "name", message: "required" }],
  });
  answer(409, JSON.stringify({ error: { code: "name_taken", message: "taken" } }));
  expect(await fetchJson("/api/clusters").catch((e: unknown) => e)).toMatchObject({
    code: "name_taken",
    issues: undefined,
  });
  answer(502, "<html>");
  expect(await fetchJson("/api/clusters").catch((e: unknown) => e)).toMatchObject({ code: "invalid_response" });
});
