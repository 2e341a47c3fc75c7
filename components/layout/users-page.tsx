"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ROLES, type Role } from "@/lib/shared/roles";
import type { UserUpdateResult, UserView } from "@/lib/shared/api-types";
import { type UserChange, useUserChange } from "@/lib/client/account-mutations";
import { fetchJson } from "@/lib/client/fetch-json";
import { formatUtc } from "@/lib/client/format";
import { queryKeys } from "@/lib/client/query-keys";
import { UserTokens } from "./user-tokens";

const NO_USER = { username: "", password: "", role: "viewer" as Role };

/** What a role change or password reset did, as the server answered it. */
function updateNotice(user: UserUpdateResult, change: { role: string } | { password: string }): string {
  const what = "password" in change ? `New password set for ${user.username}` : `${user.username} is now ${user.role}`;
  const tokens =
    user.tokensRevoked === 0
      ? "no API token was revoked"
      : `${user.tokensRevoked} API token${user.tokensRevoked === 1 ? " was" : "s were"} revoked`;
  return `${what}: their sessions ended and ${tokens}.`;
}

/** Admins manage users: add one with a role, change a role or password, remove one (never the last admin). */
export function UsersPage() {
  const { data: users } = useQuery({ queryKey: queryKeys.users(), queryFn: () => fetchJson<UserView[]>("/api/users") });
  const [form, setForm] = useState(NO_USER);
  // One mutation for every change: starting one clears the previous refusal, as there is one line to show it.
  const change = useUserChange();
  const problem = change.error?.message ?? null;
  const [notice, setNotice] = useState<string | null>(null);
  const [showTokens, setShowTokens] = useState<number | null>(null);
  const update = (id: number, changes: (UserChange & { kind: "update" })["changes"]) => {
    setNotice(null);
    change.mutate(
      { kind: "update", id, changes },
      { onSuccess: (user) => user && setNotice(updateNotice(user as UserUpdateResult, changes)) },
    );
  };
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
      <p className="text-sm text-slate-600">
        viewer: reads everything · operator: also stops and restarts masters · admin: also manages clusters, users, host
        keys and guard overrides. Setting a password or lowering a role ends the user&apos;s sessions and revokes their
        API tokens.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          change.mutate({ kind: "add", user: form }, { onSuccess: () => setForm(NO_USER) });
        }}
        className="flex flex-wrap gap-2"
      >
        <input
          aria-label="New user name"
          placeholder="user name"
          value={form.username}
          onChange={(e) => setForm({ ...form, username: e.target.value })}
          className="rounded-md border border-slate-300 px-2 py-1 text-sm"
        />
        <input
          aria-label="New user password"
          type="password"
          placeholder="password (8+ characters)"
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
          className="rounded-md border border-slate-300 px-2 py-1 text-sm"
        />
        <select
          aria-label="New user role"
          value={form.role}
          onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
          className="rounded-md border border-slate-300 px-2 py-1 text-sm"
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <button type="submit" className="rounded-md bg-slate-900 px-3 py-1 text-sm text-white">
          Add user
        </button>
      </form>
      {problem && (
        <p role="alert" className="text-sm text-bad">
          {problem}
        </p>
      )}
      {notice && !problem && (
        <p role="status" className="text-sm text-ok" data-testid="user-notice">
          {notice}
        </p>
      )}
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {(users ?? []).map((u) => (
          <li key={u.id} className="flex flex-wrap items-center gap-4 px-4 py-2 text-sm" data-testid="user-row">
            <span className="w-40 font-medium">{u.username}</span>
            <select
              aria-label={`Role of ${u.username}`}
              value={u.role}
              onChange={(e) => update(u.id, { role: e.target.value })}
              className="rounded border border-slate-300 px-1 text-xs"
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
            <span className="text-xs text-slate-500">since {formatUtc(u.createdAt)}</span>
            <button
              type="button"
              className="ml-auto text-xs underline"
              aria-expanded={showTokens === u.id}
              onClick={() => setShowTokens(showTokens === u.id ? null : u.id)}
            >
              API tokens
            </button>
            <button
              type="button"
              className="text-xs underline"
              onClick={() => {
                const password = window.prompt(`New password for ${u.username} (8+ characters)`);
                if (password) update(u.id, { password });
              }}
            >
              Set password
            </button>
            <button
              type="button"
              className="text-xs text-bad underline"
              onClick={() => {
                if (window.confirm(`Remove ${u.username}? Their sessions and API tokens end.`))
                  change.mutate({ kind: "remove", id: u.id });
              }}
            >
              Remove
            </button>
            {showTokens === u.id && <UserTokens userId={u.id} username={u.username} />}
          </li>
        ))}
      </ul>
    </div>
  );
}
