"use client";
import { useState } from "react";
import { useChangePassword } from "@/lib/client/account-mutations";

/** Change your own password; the server ends your other sessions. */
export function PasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const change = useChangePassword();
  const result = change.isSuccess
    ? { ok: true, message: "Password changed. Your other sessions have ended." }
    : change.error && { ok: false, message: change.error.message };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent("");
          setNext("");
        },
      },
    );
  };
  return (
    <section aria-label="Password" className="space-y-2">
      <h2 className="text-lg font-semibold">Password</h2>
      <form onSubmit={submit} className="flex flex-wrap gap-2">
        <input
          aria-label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          className="w-56 rounded-md border border-slate-300 px-2 py-1 text-sm"
        />
        <input
          aria-label="New password"
          type="password"
          autoComplete="new-password"
          placeholder="8+ characters"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          className="w-56 rounded-md border border-slate-300 px-2 py-1 text-sm"
        />
        <button type="submit" className="rounded-md bg-slate-900 px-3 py-1 text-sm text-white">
          Change password
        </button>
      </form>
      {result && (
        <p
          role={result.ok ? "status" : "alert"}
          data-testid="password-result"
          className={`text-sm ${result.ok ? "text-ok" : "text-bad"}`}
        >
          {result.message}
        </p>
      )}
    </section>
  );
}
