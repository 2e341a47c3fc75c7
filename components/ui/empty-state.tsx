import type { ReactNode } from "react";

export function EmptyState({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section
      data-testid={testId}
      className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center"
    >
      <h2 className="text-base font-semibold">{title}</h2>
      <div className="mx-auto mt-3 max-w-2xl space-y-3 text-sm text-slate-600">{children}</div>
    </section>
  );
}
