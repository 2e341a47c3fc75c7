import "server-only";
import { headers } from "next/headers";

/** The origin the browser used to reach us (behind a proxy: X-Forwarded-*), for copy-paste examples. */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "127.0.0.1:3000";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}
