"use client";
import { useState } from "react";

export function LoginForm({ next }: { next: string }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/login", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username, password }),
      });
      if (response.ok) {
        window.location.href = next; // a full load, so the signed-in layout renders with the new cookie
        return;
      }
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(body?.error?.message ?? `the server answered ${response.status}`);
    } catch (e) {
      setError(`the server cannot be reached: ${(e as Error).message}`);
    }
    setBusy(false);
  };
  return (
    <form
      onSubmit={(e) => void submit(e)}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6"
      aria-label="Log in"
    >
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
