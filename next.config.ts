import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and socket-holding libraries stay outside the bundles so every route shares one copy.
  serverExternalPackages: ["node-zookeeper-client", "ssh2", "better-sqlite3", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
