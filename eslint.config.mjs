import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The layers and the direction of their imports (docs/architecture.md). Every import across folders is written
// `@/…` (a `../` import is refused), so these patterns see every edge.
const layer = (message, ...groups) => ({ group: groups, message });
const SERVER = layer(
  "server-only code (lib/server, lib/api, the database) is not for this layer",
  "@/lib/server/**",
  "@/lib/api/**",
  "@/lib/generated/**",
  "server-only",
  "next/headers",
);
const NODE_ONLY_ZK = layer(
  "the ZooKeeper client runs on the server only; lib/zk/url and the inspection types are the browser-safe parts",
  "@/lib/zk/*",
  "!@/lib/zk/url",
  "!@/lib/zk/inspection",
);
const CLIENT = layer(
  "browser code (lib/client, components) is not for this layer",
  "@/lib/client/**",
  "@/components/**",
);
const APP = layer("nothing outside app/ imports a page or a route", "@/app/**");
const SHARED = layer("the protocol libraries stand alone: they import no layer of the app", "@/lib/shared/**");
const UP = layer("import across folders with `@/…`, so that the layer rules see the edge", "../*");

const DOMAIN_NO_HTTP = layer(
  "lib/api speaks HTTP; the domain raises coded errors (lib/server/errors.ts)",
  "@/lib/api/**",
);
const PROTOCOL_ALONE = layer("the protocol libraries stand alone", "@/lib/server/**", "@/lib/api/**");
// The web tier reaches the collector through lib/server/collector/index.ts only, so that it can run in a process of its
// own; the master HTTP client is a library both may use.
const SEAM = layer(
  "the web tier reaches the collector through @/lib/server/collector (its index) only",
  "@/lib/server/collector/*",
  "@/lib/server/monitor/*",
  "!@/lib/server/monitor/master-http",
  "!@/lib/server/monitor/master-api",
  "@/lib/server/control/actions",
);

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    "lib/generated/**",
    ".tmp/**",
    "data/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
  ]),
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
    },
  },
  // Each group lists every rule that holds for it (a later block replaces an earlier one's list for the same file).
  ...[
    [
      ["lib/**", "components/**"],
      [APP, UP],
    ],
    // Browser-safe code both sides use: no server, no browser code, no Node-only ZooKeeper client.
    [["lib/shared/**"], [SERVER, CLIENT, NODE_ONLY_ZK, APP, UP]],
    // Browser code: never the server.
    [
      ["lib/client/**", "components/**"],
      [SERVER, NODE_ONLY_ZK, APP, UP],
    ],
    // The server's domain speaks no HTTP (lib/api maps its errors) and draws nothing.
    [["lib/server/**"], [DOMAIN_NO_HTTP, CLIENT, APP, UP]],
    // The web tier: the pages' and routes' services, the HTTP edge, the routes and the pages.
    [["lib/server/services/**"], [DOMAIN_NO_HTTP, CLIENT, APP, UP, SEAM]],
    [["lib/api/**"], [CLIENT, APP, UP, SEAM]],
    [["app/api/**"], [CLIENT, SEAM]],
    [["app/(app)/**", "app/login/**"], [SEAM]],
    // The protocol libraries: pure, and on their own.
    [
      ["lib/mesos/**", "lib/zk/**"],
      [PROTOCOL_ALONE, CLIENT, SHARED, APP, UP],
    ],
  ].map(([files, patterns]) => ({ files, rules: { "no-restricted-imports": ["error", { patterns }] } })),
]);
