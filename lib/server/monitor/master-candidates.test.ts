import { describe, expect, it, vi } from "vitest";
import { MasterHttpError } from "./master-http";
import type { TrackedMaster } from "./master-list";
import { type AttemptAnswer, subscribeToFirst } from "./master-candidates";

const master = (id: string): TrackedMaster =>
  ({ id, url: `http://${id}:5050`, aliases: [] }) as unknown as TrackedMaster;
const M1 = master("m1");
const M2 = master("m2");
const M3 = master("m3");

function run(answers: Record<string, AttemptAnswer | Error>, candidates = [M1, M2]) {
  const asked: string[] = [];
  const log = vi.fn();
  const outcome = subscribeToFirst({
    candidates,
    masters: [M1, M2, M3],
    open: async (m) => {
      asked.push(m.id);
      const answer = answers[m.id] ?? "open";
      if (answer instanceof Error) throw answer;
      return answer;
    },
    stopped: () => false,
    log,
  });
  return { outcome, asked, log };
}

describe("subscribeToFirst", () => {
  it("follows a standby's 307 to a listed master next, once", async () => {
    const t = run({ m1: { kind: "redirect", url: "http://m1:5050/api/v1", leaderUrl: "http://m3:5050" } });
    expect(await t.outcome).toEqual({ kind: "leader" });
    expect(t.asked).toEqual(["m1", "m3"]);
  });

  it("never follows a 307 elsewhere, and says why when nothing streams", async () => {
    const t = run(
      {
        m1: { kind: "redirect", url: "http://m1:5050/api/v1", leaderUrl: "http://evil:80" },
        m2: new MasterHttpError("network", "http://m2:5050/api/v1 refused the connection"),
      },
      [M1, M2],
    );
    expect(await t.outcome).toEqual({
      kind: "none",
      lastError: "http://m2:5050/api/v1 refused the connection",
      sawNoLeader: false,
      sawRedirect: true,
    });
    expect(t.asked).toEqual(["m1", "m2"]);
  });

  it("remembers a 503 and stops at a master that refuses to stream", async () => {
    const none = run({
      m1: { kind: "unavailable", url: "u", message: "HTTP 503: no leader" },
      m2: { kind: "unavailable", url: "v", message: "x" },
    });
    expect(await none.outcome).toMatchObject({ kind: "none", sawNoLeader: true, sawRedirect: false });
    const refused = run({ m1: { kind: "refused", url: "u", status: 401, message: "credentials refused" } });
    expect(await refused.outcome).toEqual({ kind: "refused", message: "credentials refused" });
    expect(refused.asked).toEqual(["m1"]);
  });
});
