// Small facts about a listed master that the server and the browser both need (pure, browser-safe).
import type { MasterView } from "./types";

/** A member znode whose data did not decode: it names no address, only the reason it could not be read. */
export function isUndecodable(master: Pick<MasterView, "url" | "error" | "format">): boolean {
  return master.url === null && master.error !== null && master.format !== "static";
}

/** `host:port` when the znode gave an address, else the znode name. */
export function masterLabel(master: Pick<MasterView, "hostname" | "port" | "id">): string {
  return master.hostname && master.port !== null ? `${master.hostname}:${master.port}` : master.id;
}
