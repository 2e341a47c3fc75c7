import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { LoginForm } from "@/components/layout/login-form";
import { currentPrincipal } from "@/lib/server/auth/current";

export const metadata: Metadata = { title: "Log in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  await connection();
  const next = (await searchParams).next;
  // Only same-site paths: never an absolute URL an attacker could put in a link.
  const target = typeof next === "string" && /^\/(?!\/)[\w\-./%?=&]*$/.test(next) ? next : "/";
  if (await currentPrincipal()) redirect(target);
  return (
    <main className="mx-auto mt-24 max-w-sm space-y-6 px-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Masterwatch</h1>
        <p className="text-sm text-slate-500">Mesos HA control plane</p>
      </div>
      <LoginForm next={target} />
    </main>
  );
}
