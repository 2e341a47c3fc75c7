// `npm start`: the production server. It is `next start` plus one thing Next does not do for route handlers:
// compression. Next 16 copies a route handler's headers onto the response as arrays (NodeNextResponse.appendHeader),
// and its built-in gzip (`compress`) then finds no compressible Content-Type, so JSON answers and event streams left
// uncompressed whatever the browser accepts. Here the `compression` middleware runs in front of Next (next.config.ts
// turns Next's own off) with a filter that reads such a header as its single value. Next flushes the response after
// every chunk a stream yields (next/dist/server/pipe-readable.js calls `res.flush()`, which the middleware provides),
// so each Server-Sent Event still leaves at once. docs/commands.md
import http from "node:http";
import compression from "compression";
import next from "next";

process.env.NODE_ENV ??= "production";
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME ?? "127.0.0.1";

/** The middleware's own rule (compressible Content-Type, no `no-transform`), on the header as one value. */
function compressible(request, response) {
  const type = response.getHeader("Content-Type");
  if (Array.isArray(type) && type.length === 1) response.setHeader("Content-Type", type[0]);
  return compression.filter(request, response);
}

const gzip = compression({ filter: compressible });
const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((request, response) => {
  gzip(request, response, () => void handle(request, response));
});
server.listen(port, hostname, () => {
  console.log(`▲ Masterwatch on http://${hostname}:${port}`);
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    server.close();
    void app.close?.().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
