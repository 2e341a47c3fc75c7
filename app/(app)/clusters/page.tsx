import { redirect } from "next/navigation";
import { requirePrincipal } from "@/lib/auth/current";

export default async function ClustersIndex(): Promise<never> {
  await requirePrincipal();
  redirect("/");
}
