// Runs once when a Next.js server starts: the database is migrated before the first request is served.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { ensureDatabase } = await import("@/lib/server/db");
  ensureDatabase();
}
