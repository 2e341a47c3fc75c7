"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="space-y-3 rounded-lg border border-red-200 bg-red-50 p-6">
      <h1 className="text-lg font-semibold text-red-800">This page could not be shown</h1>
      <p className="text-sm text-red-700">
        The server failed while preparing it{error.digest ? ` (reference ${error.digest}, in the server log)` : ""}. The
        rest of the dashboard keeps working.
      </p>
      <button
        type="button"
        onClick={reset}
        className="rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white"
      >
        Try again
      </button>
    </div>
  );
}
