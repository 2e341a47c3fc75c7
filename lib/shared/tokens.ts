// API token rules both sides use (browser-safe, pure): how long a token lasts, and when an admin's change to a user
// revokes that user's tokens.
import { ROLES, type Role } from "@/lib/shared/roles";

/** A new token lasts this many days unless its creator chooses otherwise. */
export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MIN_DAYS = 1;
export const TOKEN_MAX_DAYS = 365;

const DAY_MS = 86_400_000;

/** When a token created at `createdAt` for `days` days stops authenticating. */
export function tokenExpiry(createdAt: Date, days: number): Date {
  return new Date(createdAt.getTime() + days * DAY_MS);
}

/** Whether a token that expires at `expiresAt` is no longer valid at `now` (the instant itself is expired). */
export function tokenExpired(expiresAt: Date, now: Date): boolean {
  return expiresAt.getTime() <= now.getTime();
}

/**
 * Whether an admin's change of a user revokes the user's API tokens: any password reset does, and so does a role
 * change that lowers the role. A token made before a reset or a demotion must not outlive it.
 */
export function changeRevokesTokens(before: Role, change: { password?: string; role?: Role }): boolean {
  if (change.password !== undefined) return true;
  return change.role !== undefined && ROLES.indexOf(change.role) < ROLES.indexOf(before);
}
