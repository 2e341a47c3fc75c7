// The import rules of eslint.config.mjs bite: each case is linted as if it were the named file, with the project's
// own configuration, and must be refused (or accepted) for the stated reason.
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "../..") });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("layer rules", () => {
  const refused: [string, string, RegExp][] = [
    ["components/cluster/x.tsx", 'import { getDb } from "@/lib/server/db";', /server-only code/],
    ["components/cluster/x.tsx", 'import type { ClusterRow } from "@/lib/server/clusters/repository";', /server-only/],
    ["components/cluster/x.tsx", 'import { ensemble } from "@/lib/zk/ensemble";', /ZooKeeper client/],
    ["lib/client/x.ts", 'import { errorResponse } from "@/lib/api/errors";', /server-only code/],
    ["lib/shared/x.ts", 'import { fetchJson } from "@/lib/client/fetch-json";', /browser code/],
    ["lib/shared/x.ts", 'import "server-only";', /server-only code/],
    ["lib/server/x.ts", 'import { errorResponse } from "@/lib/api/errors";', /lib\/api speaks HTTP/],
    ["lib/server/x.ts", 'import { describeEvent } from "@/lib/client/describe-event";', /browser code/],
    ["lib/mesos/x.ts", 'import { effectiveQuorum } from "@/lib/shared/quorum";', /protocol libraries/],
    ["lib/zk/x.ts", 'import { getDb } from "@/lib/server/db";', /protocol libraries/],
    ["lib/server/x.ts", 'import Page from "@/app/(app)/page";', /nothing outside app/],
    ["lib/server/monitor/x.ts", 'import { DomainError } from "../errors";', /import across folders/],
    ["app/api/x/route.ts", 'import { formatUtc } from "@/lib/client/format";', /browser code/],
    ["app/api/x/route.ts", 'import { getControlPlane } from "@/lib/server/collector/control-plane";', /web tier/],
    ["app/(app)/x/page.tsx", 'import { ClusterMonitor } from "@/lib/server/monitor/cluster-monitor";', /web tier/],
    ["lib/server/services/x.ts", 'import { ActionManager } from "@/lib/server/control/actions";', /web tier/],
    ["lib/server/services/x.ts", 'import { errorResponse } from "@/lib/api/errors";', /lib\/api speaks HTTP/],
    ["lib/api/x.ts", 'import { getControlPlane } from "@/lib/server/collector/control-plane";', /web tier/],
  ];
  it.each(refused)("refuses in %s: %s", async (file, code, reason) => {
    const messages = await restrictedImports(file, `${code}\nexport {};\n`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(reason);
  });

  const allowed: [string, string][] = [
    ["components/cluster/x.tsx", 'import { effectiveQuorum } from "@/lib/shared/quorum";'],
    ["components/cluster/x.tsx", 'import type { ZkInspection } from "@/lib/zk/inspection";'],
    ["lib/client/x.ts", 'import { parseZkUrl } from "@/lib/zk/url";'],
    ["lib/shared/x.ts", 'import type { AgentCounts } from "@/lib/mesos/totals";'],
    ["lib/server/x.ts", 'import { effectiveQuorum } from "@/lib/shared/quorum";'],
    ["lib/api/x.ts", 'import { isDomainError } from "@/lib/server/errors";'],
    ["lib/zk/x.ts", 'import "server-only";'],
    ["lib/server/monitor/x.ts", 'import { backoffMs } from "./schedule";'],
    ["lib/server/services/x.ts", 'import { getCollector } from "@/lib/server/collector";'],
    ["lib/server/services/x.ts", 'import { requestMaster } from "@/lib/server/monitor/master-http";'],
    ["app/api/x/route.ts", 'import { handle } from "@/lib/api/request";'],
    ["lib/server/collector/control-plane.ts", 'import { ClusterMonitor } from "@/lib/server/monitor/cluster-monitor";'],
  ];
  it.each(allowed)("allows in %s: %s", async (file, code) => {
    expect(await restrictedImports(file, `${code}\nexport {};\n`)).toEqual([]);
  });
});
