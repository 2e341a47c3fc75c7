// The state view's messages capped once more before the view is kept, published on the bus or read by the web tier:
// the producers cap what they make (leader-poller.ts, health-prober.ts, master-api.ts), but a message may also come
// from elsewhere (a znode's decode error, a dispute's reason naming addresses read from ZooKeeper). Pure.
import type { ActionView } from "@/lib/shared/actions";
import type { ClusterStateView } from "@/lib/shared/cluster-state";
import { capNullable, capStrings, capText } from "@/lib/shared/text";

/** `view` with `poll.error`, every master's `error`, `zk.error` and the dispute's reason capped. */
export function capViewMessages(view: ClusterStateView): ClusterStateView {
  return {
    ...view,
    masters: view.masters.map((master) => ({ ...master, error: capNullable(master.error) })),
    zk: { ...view.zk, error: capNullable(view.zk.error) },
    disputed: view.disputed && { ...view.disputed, reason: capText(view.disputed.reason) },
    poll: { ...view.poll, error: capNullable(view.poll.error) },
  };
}

/** An action as it is broadcast: every string capped, a command's output to its own 64 KiB cap. */
export function capActionView(action: ActionView): ActionView {
  return capStrings(action, { longer: { output: 64 * 1024 + 100 } }) as ActionView;
}
