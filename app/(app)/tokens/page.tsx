import type { Metadata } from "next";
import { TokensPage } from "@/components/layout/tokens-page";
import { requirePrincipal } from "@/lib/server/auth/current";

export const metadata: Metadata = { title: "Your account" };

export default async function Tokens() {
  await requirePrincipal();
  return <TokensPage />;
}
