import "server-only";
import { DomainError } from "@/lib/server/errors";
import type { Principal } from "@/lib/server/auth/server";

/** Who asks for an action, for the audit trail; overriding the quorum guard is for admins only. */
export function actorOf(principal: Principal, forcing: boolean): string {
  if (forcing && principal.user.role !== "admin") {
    throw new DomainError(
      "forbidden",
      "forbidden",
      `overriding the quorum guard needs the admin role; ${principal.user.username} is ${principal.user.role}`,
    );
  }
  return `${principal.user.username} (${principal.user.role}${principal.via === "token" ? ", API token" : ""})`;
}
