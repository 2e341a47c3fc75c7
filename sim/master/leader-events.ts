// What a leading master does when the world changes or agents and frameworks (re-)register: it sends the operator
// API's events to its subscribers (sim/v1/events.ts) and counts the tasks that end (docs/mesos/http.md#metrics-snapshot).
// Each change costs what it touches: events are built only while someone subscribes, and never from the whole state.
import type { SimAgent, SimFramework, WorldChange } from "../world-model";
import { TERMINAL_STATES } from "../world-model";
import { eventsForAgentRegistered, eventsForChanges, eventsForFrameworkRegistered } from "../v1/events";
import type { V1Features } from "../v1/features";
import type { V1Object } from "../v1/json";
import { v1Context } from "../v1/objects";
import type { Subscribers } from "../v1/stream";
import type { MasterView } from "./view";

export class LeaderEvents {
  constructor(
    private readonly view: MasterView,
    private readonly features: V1Features | null,
    private readonly subscribers: Subscribers | null,
  ) {}

  private streaming(): boolean {
    return (
      this.features !== null &&
      this.subscribers !== null &&
      this.subscribers.count > 0 &&
      this.view.elected &&
      this.view.recovered
    );
  }

  private publish(build: (context: ReturnType<typeof v1Context>) => V1Object[]): void {
    if (!this.streaming() || !this.features || !this.subscribers) return;
    for (const event of build(v1Context(this.view, this.features))) this.subscribers.send(event);
  }

  /** A mutation was applied to the world; call before the leader forgets agents it removed. */
  changed(changes: readonly WorldChange[]): void {
    const { view } = this;
    if (view.elected)
      for (const change of changes)
        if (
          change.kind === "task-updated" &&
          TERMINAL_STATES.has(change.task.state) &&
          view.registeredFrameworks.has(change.task.frameworkId)
        )
          view.counters.tasksEnded[change.task.state] = (view.counters.tasksEnded[change.task.state] ?? 0) + 1;
    this.publish((c) => eventsForChanges(c, changes));
  }

  agentsRegistered(agents: readonly SimAgent[]): void {
    this.publish((c) => agents.flatMap((agent) => eventsForAgentRegistered(c, agent)));
  }

  frameworksRegistered(frameworks: readonly SimFramework[]): void {
    this.publish((c) => frameworks.flatMap((framework) => eventsForFrameworkRegistered(c, framework)));
  }
}
