/** Who asked for an action, until logins exist (access control is its own issue): recorded as such in the audit. */
export const ANONYMOUS_ACTOR = "anonymous (no login yet)";
