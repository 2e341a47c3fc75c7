// Runs once when a Next.js server starts: the database is migrated before the first request is served, and the
// control plane starts watching every registered cluster (in the background: ZooKeeper is never awaited here).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { ensureDatabase } = await import("@/lib/server/db");
  ensureDatabase();
  const { getControlPlane } = await import("@/lib/server/control-plane");
  getControlPlane();
}
