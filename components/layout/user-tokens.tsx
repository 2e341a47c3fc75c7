"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { TokenView } from "@/lib/shared/api-types";
import { useRevokeUserToken } from "@/lib/client/account-mutations";
import { fetchJson } from "@/lib/client/fetch-json";
import { formatUtc } from "@/lib/client/format";
import { queryKeys } from "@/lib/client/query-keys";

/** An admin's view of one user's API tokens (never their secrets), each revocable; revocations are audited. */
export function UserTokens({ userId, username }: { userId: number; username: string }) {
  const { data: tokens, error } = useQuery({
    queryKey: queryKeys.userTokens(userId),
    queryFn: () => fetchJson<TokenView[]>(`/api/users/${userId}/tokens`),
  });
  const revoke = useRevokeUserToken(userId);
  const [now] = useState(() => Date.now());
  const problem = (revoke.error ?? error)?.message ?? null;
  return (
    <div className="w-full pl-4" data-testid={`tokens-of-${username}`}>
      {problem && (
        <p role="alert" className="text-xs text-bad">
          {problem}
        </p>
      )}
      <ul className="divide-y divide-slate-100 rounded border border-slate-200">
        {(tokens ?? []).map((t) => (
          <li key={t.id} className="flex items-center gap-3 px-3 py-1 text-xs" data-testid="user-token-row">
            <span className="font-medium">{t.name}</span>
            <code className="text-slate-500">{t.prefix}…</code>
            <span className="text-slate-500">
              created {formatUtc(t.createdAt)} · {t.lastUsedAt ? `last used ${formatUtc(t.lastUsedAt)}` : "never used"}{" "}
              · {Date.parse(t.expiresAt) <= now ? "expired" : "expires"} {formatUtc(t.expiresAt)}
            </span>
            <button
              type="button"
              className="ml-auto text-bad underline"
              onClick={() => {
                if (window.confirm(`Revoke ${username}'s token "${t.name}"?`)) revoke.mutate(t.id);
              }}
            >
              Revoke
            </button>
          </li>
        ))}
        {tokens?.length === 0 && <li className="px-3 py-1 text-xs text-slate-500">No API token.</li>}
      </ul>
    </div>
  );
}
