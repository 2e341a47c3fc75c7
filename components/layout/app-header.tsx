"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useLogout } from "@/lib/client/account-mutations";
import { useSession } from "./session";

const NAV = [
  {
    href: "/",
    label: "Clusters",
    matches: (path: string) => path === "/" || path.startsWith("/clusters"),
    admin: false,
  },
  { href: "/events", label: "Events", matches: (path: string) => path.startsWith("/events"), admin: false },
  { href: "/tokens", label: "Account", matches: (path: string) => path.startsWith("/tokens"), admin: false },
  { href: "/users", label: "Users", matches: (path: string) => path.startsWith("/users"), admin: true },
];

export function AppHeader() {
  const pathname = usePathname();
  const { user, can } = useSession();
  const logout = useLogout();
  // A full load drops everything of the session, the query cache too.
  const toLogin = () => void (window.location.href = new URL("/login", window.location.origin).href);
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center gap-8 px-6 py-3">
        <Link href="/" className="flex items-baseline gap-2">
          <span className="text-lg font-semibold tracking-tight">Masterwatch</span>
          <span className="text-xs text-slate-500">Mesos HA control plane</span>
        </Link>
        <nav aria-label="Main" className="flex gap-1">
          {NAV.filter((item) => !item.admin || can("admin")).map((item) => {
            const active = item.matches(pathname);
            return (
              <Link
                key={item.href}
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={`rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"}`}
              >
                {item.label}
              </Link>
            );
          })}
        </nav>
        {user && (
          <div className="ml-auto flex items-center gap-3 text-sm" data-testid="signed-in">
            <span>
              <span className="font-medium">{user.username}</span> <span className="text-slate-500">({user.role})</span>
            </span>
            <button
              type="button"
              onClick={() => logout.mutate(undefined, { onSuccess: toLogin })}
              className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100"
            >
              Log out
            </button>
          </div>
        )}
      </div>
    </header>
  );
}
