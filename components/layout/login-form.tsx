"use client";
import { useState } from "react";
import { useLogin } from "@/lib/client/account-mutations";

export function LoginForm({ next }: { next: string }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const login = useLogin();
  const error = login.error?.message ?? null;
  // Still busy after success, while the next page loads.
  const busy = login.isPending || login.isSuccess;
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    login.mutate(
      { username, password },
      // A full load, so the signed-in layout renders with the new cookie.
      { onSuccess: () => void (window.location.href = next) },
    );
  };
  return (
    <form onSubmit={submit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-6" aria-label="Log in">
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-bad" data-testid="login-error">
          {error}
        </p>
      )}
      <label className="block text-sm font-medium">
        User name
        <input
          autoComplete="username"
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-1.5"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
      </label>
      <label className="block text-sm font-medium">
        Password
        <input
          type="password"
          autoComplete="current-password"
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-1.5"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      <button
        type="submit"
        disabled={busy}
        className="w-full rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white disabled:opacity-50"
      >
        {busy ? "Logging in…" : "Log in"}
      </button>
    </form>
  );
}
