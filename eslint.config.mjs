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

const restrict = (...patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

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
  // Everything in lib/ and components/: no pages or routes, no climbing out of a folder.
  { files: ["lib/**", "components/**"], rules: restrict(APP, UP) },
  // Browser-safe code both sides use: no server, no browser code, no Node-only ZooKeeper client.
  { files: ["lib/shared/**"], rules: restrict(SERVER, CLIENT, NODE_ONLY_ZK, APP, UP) },
  // Browser code: never the server.
  { files: ["lib/client/**", "components/**"], rules: restrict(SERVER, NODE_ONLY_ZK, APP, UP) },
  // The server's domain speaks no HTTP (lib/api maps its errors) and draws nothing.
  {
    files: ["lib/server/**"],
    rules: restrict(
      layer("lib/api speaks HTTP; the domain raises coded errors (lib/server/errors.ts)", "@/lib/api/**"),
      CLIENT,
      APP,
      UP,
    ),
  },
  // The protocol libraries: pure, and on their own.
  {
    files: ["lib/mesos/**", "lib/zk/**"],
    rules: restrict(
      layer("the protocol libraries stand alone", "@/lib/server/**", "@/lib/api/**"),
      CLIENT,
      SHARED,
      APP,
      UP,
    ),
  },
  // A route speaks HTTP through lib/api and the server's services; browser code has no business there.
  { files: ["app/api/**"], rules: restrict(CLIENT) },
]);
