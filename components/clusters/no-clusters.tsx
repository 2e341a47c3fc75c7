import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

export function NoClusters({ origin }: { origin: string }) {
  const example = `curl -X POST ${origin}/api/clusters \\
  -H 'Content-Type: application/json' \\
  -d '{"name": "prod", "zk": "zk://10.0.0.1:2181,10.0.0.2:2181,10.0.0.3:2181/mesos"}'`;
  return (
    <EmptyState title="No clusters registered yet" testId="clusters-empty">
      <p>
        A cluster is found through the ZooKeeper URL its masters were started with (their <code>--zk</code> flag), or,
        without ZooKeeper, through a list of master URLs such as <code>{`{"masters": ["http://10.0.0.1:5050"]}`}</code>.
      </p>
      <p>
        Register one with the{" "}
        <Link className="font-medium underline" href="/clusters/new">
          registration form
        </Link>
        , or through the API:
      </p>
      <pre className="overflow-x-auto rounded-md bg-slate-900 p-4 text-left text-xs text-slate-100">{example}</pre>
      <p>
        <code>npm run demo</code> starts a simulated 3-master Mesos cluster on a local 3-server ZooKeeper ensemble and
        registers it as <code>demo</code>.
      </p>
    </EmptyState>
  );
}
