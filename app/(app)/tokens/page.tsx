import type { Metadata } from "next";
import { TokensPage } from "@/components/layout/tokens-page";

export const metadata: Metadata = { title: "API tokens" };

export default function Tokens() {
  return <TokensPage />;
}
