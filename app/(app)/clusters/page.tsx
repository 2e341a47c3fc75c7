import { redirect } from "next/navigation";
import { requirePrincipal } from "@/lib/server/auth/current";

export default async function ClustersIndex(): Promise<never> {
  await requirePrincipal();
  redirect("/");
}
