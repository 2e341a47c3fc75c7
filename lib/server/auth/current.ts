import "server-only";
// The signed-in principal of a page render (pages read the session cookie; API routes use authorize()).
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { Role } from "@/lib/shared/roles";
import { allows } from "@/lib/shared/roles";
import { type Principal, SESSION_COOKIE, principalFromSessionCookie } from "./server";

/** Looked up once per request, however many layouts and pages ask. */
export const currentPrincipal = cache(async (): Promise<Principal | null> =>
  principalFromSessionCookie((await cookies()).get(SESSION_COOKIE)?.value),
);

/**
 * The principal, or a redirect to the login page; a role below `role` gets the not-allowed page. Every layout and
 * page calls it itself: a client-side navigation renders only the segments below the layouts it shares, so a check
 * in a parent layout alone would let a request without a session read the page's data.
 */
export async function requirePrincipal(role: Role = "viewer"): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal) redirect("/login");
  if (!allows(principal.user.role, role)) redirect(`/?needs=${role}`);
  return principal;
}
