import "server-only";

/**
 * The one place where process-wide state lives (Prisma, ZooKeeper clients, pollers, the event bus).
 * Next.js bundles instrumentation and each route separately, so a module-level variable would exist once
 * per bundle; globalThis under a Symbol.for key is shared by all of them and survives dev reloads.
 */
export function singleton<T>(name: string, create: () => T): T {
  const registry = globalThis as unknown as Record<symbol, T | undefined>;
  const key = Symbol.for(`masterwatch:${name}`);
  return (registry[key] ??= create());
}
