// Runs once when a Next.js server starts: the database is migrated and the first admin is created (when no user
// exists) before the first request is served; the control plane then starts watching every registered cluster in
// the background (ZooKeeper is never awaited here).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { ensureDatabase } = await import("@/lib/server/db");
  ensureDatabase();
  const { ensureSecretKey } = await import("@/lib/server/secrets");
  try {
    ensureSecretKey(); // a key file others may read, or a malformed key, stops the start here
  } catch (error) {
    console.error(`[secrets] refusing to start: ${(error as Error).message}`);
    process.exit(1);
  }
  const { migrateStoredSecrets } = await import("@/lib/server/clusters/secret-migration");
  const migrated = await migrateStoredSecrets(); // plain or first-format secrets: encrypted anew, then refused
  if (migrated > 0) console.log(`[secrets] moved the secrets of ${migrated} cluster(s) to the current format`);
  const { ensureFirstAdmin } = await import("@/lib/server/auth/server");
  await ensureFirstAdmin();
  const { getControlPlane } = await import("@/lib/server/collector/control-plane");
  getControlPlane();
}
