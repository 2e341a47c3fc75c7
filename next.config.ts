import type { NextConfig } from "next";

// What a browser may load and who may frame us. Next's own inline bootstrap scripts need 'unsafe-inline' without a
// per-request nonce; everything else comes from this origin only, and nothing may frame a page that has Stop buttons.
// The development server evaluates code for fast refresh, so only it gets 'unsafe-eval'.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: CONTENT_SECURITY_POLICY },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

const nextConfig: NextConfig = {
  // Native and socket-holding libraries stay outside the bundles so every route shares one copy.
  serverExternalPackages: ["node-zookeeper-client", "ssh2", "better-sqlite3", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
  // server.mjs compresses every answer, event streams included: Next's own gzip misses route handlers' answers.
  compress: false,
  reactStrictMode: true,
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
