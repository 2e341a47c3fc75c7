"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { TokenView } from "@/lib/shared/api-types";
import { useCreateToken, useRevokeToken } from "@/lib/client/account-mutations";
import { fetchJson } from "@/lib/client/fetch-json";
import { formatUtc } from "@/lib/client/format";
import { queryKeys } from "@/lib/client/query-keys";
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, TOKEN_MIN_DAYS } from "@/lib/shared/tokens";
import { PasswordForm } from "./password-form";

/** "expires …", or "expired …" once past (as the server then refuses it). */
function expiry(expiresAt: string, now: number): string {
  return `${Date.parse(expiresAt) <= now ? "expired" : "expires"} ${formatUtc(expiresAt)}`;
}

/** Your account: change your password; your API tokens (create one, its secret shown once; when each was last used; revoke). */
export function TokensPage() {
  const { data: tokens, error } = useQuery({
    queryKey: queryKeys.tokens(),
    queryFn: () => fetchJson<TokenView[]>("/api/tokens"),
  });
  const [name, setName] = useState("");
  const [days, setDays] = useState(String(TOKEN_DEFAULT_DAYS));
  // The secret stays on screen until the next token is created, whatever happens in between.
  const [created, setCreated] = useState<string | null>(null);
  const create = useCreateToken();
  const revoke = useRevokeToken();
  // Creating clears every earlier refusal; a refused revocation shows over an earlier refused creation.
  const problem = (revoke.error ?? create.error)?.message ?? null;
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    revoke.reset();
    create.mutate(
      { name, expiresInDays: Number(days) },
      {
        onSuccess: (token) => {
          setCreated(token.token);
          setName("");
        },
      },
    );
  };
  const [now] = useState(() => Date.now()); // as of this page's load: enough to mark expired tokens
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Your account</h1>
      <PasswordForm />
      <h2 className="pt-4 text-lg font-semibold">API tokens</h2>
      <p className="text-sm text-slate-600">
        Scripts send <code>Authorization: Bearer &lt;token&gt;</code> and act with your role, until the token expires (
        {TOKEN_MIN_DAYS}–{TOKEN_MAX_DAYS} days, chosen here). A token cannot create tokens or change your password, and
        every token of yours is revoked when an admin resets your password or lowers your role.
      </p>
      <form onSubmit={submit} className="flex gap-2">
        <input
          aria-label="Token name"
          placeholder="what it is for"
          value={name}
          onChange={(e) => setName(e.target.value)}
          className="w-64 rounded-md border border-slate-300 px-2 py-1 text-sm"
        />
        <label className="flex items-center gap-1 text-sm text-slate-600">
          valid for
          <input
            aria-label="Days valid"
            type="number"
            min={TOKEN_MIN_DAYS}
            max={TOKEN_MAX_DAYS}
            step={1}
            required
            value={days}
            onChange={(e) => setDays(e.target.value)}
            className="w-20 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
          days
        </label>
        <button type="submit" className="rounded-md bg-slate-900 px-3 py-1 text-sm text-white">
          Create token
        </button>
      </form>
      {problem && (
        <p role="alert" className="text-sm text-bad">
          {problem}
        </p>
      )}
      {created && (
        <p className="rounded border border-emerald-300 bg-emerald-50 p-3 text-sm" data-testid="new-token">
          Copy it now, it is not shown again: <code className="break-all">{created}</code>
        </p>
      )}
      {error && <p className="text-sm text-bad">{error.message}</p>}
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {(tokens ?? []).map((t) => (
          <li key={t.id} className="flex items-center gap-4 px-4 py-2 text-sm" data-testid="token-row">
            <span className="font-medium">{t.name}</span>
            <code className="text-xs text-slate-500">{t.prefix}…</code>
            <span className="text-xs text-slate-500">
              created {formatUtc(t.createdAt)} · {t.lastUsedAt ? `last used ${formatUtc(t.lastUsedAt)}` : "never used"}{" "}
              · <span data-testid="token-expiry">{expiry(t.expiresAt, now)}</span>
            </span>
            <button type="button" onClick={() => revoke.mutate(t.id)} className="ml-auto text-xs text-bad underline">
              Revoke
            </button>
          </li>
        ))}
        {tokens?.length === 0 && <li className="px-4 py-2 text-sm text-slate-500">No token yet.</li>}
      </ul>
    </div>
  );
}
