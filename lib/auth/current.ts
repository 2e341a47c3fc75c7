import "server-only";
// The signed-in principal of a page render (pages read the session cookie; API routes use authorize()).
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { Role } from "./roles";
import { allows } from "./roles";
import { type Principal, SESSION_COOKIE, principalFromSessionCookie } from "./server";

export async function currentPrincipal(): Promise<Principal | null> {
  return principalFromSessionCookie((await cookies()).get(SESSION_COOKIE)?.value);
}

/** The principal, or a redirect to the login page; a role below `role` gets the not-allowed page. */
export async function requirePrincipal(role: Role = "viewer"): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal) redirect("/login");
  if (!allows(principal.user.role, role)) redirect("/?forbidden=1");
  return principal;
}
