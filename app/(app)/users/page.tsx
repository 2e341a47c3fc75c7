import type { Metadata } from "next";
import { UsersPage } from "@/components/layout/users-page";
import { requirePrincipal } from "@/lib/server/auth/current";

export const metadata: Metadata = { title: "Users" };

export default async function Users() {
  await requirePrincipal("admin");
  return <UsersPage />;
}
