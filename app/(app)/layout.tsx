import { connection } from "next/server";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/layout/app-header";
import { SessionProvider } from "@/components/layout/session";
import { requirePrincipal } from "@/lib/server/auth/current";

// Every page in this group needs a signed-in user; the login page lives outside it.
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  await connection();
  const principal = await requirePrincipal();
  return (
    <SessionProvider user={principal.user}>
      <meta name="csrf-token" content={principal.csrfToken ?? ""} />
      <AppHeader />
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </SessionProvider>
  );
}
