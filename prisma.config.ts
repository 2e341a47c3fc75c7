import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma's CLI cannot download its native schema engine on our network. Migrations are generated with
// Prisma's own engine compiled to Wasm (`npm run db:new-migration`) and applied by lib/server/migrations.ts.
// The CLI is only used for `prisma generate`; the stand-in explains this to anyone who runs `prisma migrate`.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "scripts/no-schema-engine.sh");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
