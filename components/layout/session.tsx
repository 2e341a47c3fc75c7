"use client";
import { type ReactNode, createContext, useContext } from "react";
import { type Role, allows } from "@/lib/shared/roles";

interface SessionUser {
  id: number;
  username: string;
  role: Role;
}

const SessionContext = createContext<SessionUser | null>(null);

export function SessionProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

/** The signed-in user, and whether their role allows something (the server checks again on every request). */
export function useSession(): { user: SessionUser | null; can: (role: Role) => boolean } {
  const user = useContext(SessionContext);
  return { user, can: (role) => user !== null && allows(user.role, role) };
}
