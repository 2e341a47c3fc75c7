import { redirect } from "next/navigation";

export default function ClustersIndex(): never {
  redirect("/");
}
