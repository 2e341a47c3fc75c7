// The simulator's control API (JSON on 127.0.0.1:<control-port>): what the dashboard's `sim` controller and the
// tests use to stop, kill, pause and restart masters, to add, remove or cut off agents, and to launch and end tasks
// and set the churn (sim/task-control.ts).
import http from "node:http";
import { ConflictError } from "./master-record";
import type { Supervisor } from "./supervisor";
import { HTTP_FAULTS, type HttpFault } from "./protocol";
import { type Ending, NotFound } from "./task-control";
import type { SimTask } from "./world-model";

type Reply = { status: number; body: unknown };

const MASTER_ACTIONS = new Set(["stop", "kill", "pause", "resume", "start", "restart"]);
const AGENT_ACTIONS = {
  unreachable: "agent-unreachable",
  deactivate: "agent-deactivated",
  activate: "agent-activated",
} as const;

async function readJson(request: http.IncomingMessage): Promise<unknown> {
  let text = "";
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > 10_000) throw new ConflictError("body too large");
  }
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ConflictError("the body is not JSON");
  }
}

function agentsView(supervisor: Supervisor) {
  return supervisor.world.agents.map((a) => ({
    id: a.id,
    hostname: a.hostname,
    ip: a.ip,
    status: a.status,
    resources: a.total,
    reserved: a.reserved,
  }));
}

const ENDINGS: readonly Ending[] = ["finish", "fail", "kill"];

const field = (body: unknown, name: string): unknown =>
  typeof body === "object" && body !== null && name in body ? (body as Record<string, unknown>)[name] : undefined;

const taskView = (t: SimTask) => ({
  id: t.id,
  name: t.name,
  framework: t.frameworkId,
  agent: t.agentId,
  state: t.state,
});

/** `GET /tasks`, `POST /tasks`, `POST /tasks/{id}/finish|fail|kill`, `GET|POST /churn`. */
async function routeTasks(
  supervisor: Supervisor,
  method: string,
  parts: string[],
  request: http.IncomingMessage,
  query: URLSearchParams,
): Promise<Reply | null> {
  const [collection, id, action] = parts;
  const { world, tasks } = supervisor;
  if (collection === "churn" && parts.length === 1) {
    if (method === "POST") tasks.setChurn(Number(field(await readJson(request), "rate")));
    return method === "GET" || method === "POST" ? { status: 200, body: tasks.churn } : null;
  }
  if (collection !== "tasks") return null;
  if (method === "GET" && !id) {
    const limit = Number(query.get("limit") ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new ConflictError("limit must be 1 to 10000");
    const wanted = (t: SimTask) =>
      (!query.get("state") || t.state === query.get("state")) &&
      (!query.get("agent") || t.agentId === query.get("agent")) &&
      (!query.get("framework") || t.frameworkId === query.get("framework"));
    const found: ReturnType<typeof taskView>[] = [];
    for (const task of world.tasks.values()) {
      if (found.length >= limit) break;
      if (wanted(task)) found.push(taskView(task));
    }
    return { status: 200, body: found };
  }
  if (method === "POST" && !id) {
    const body = await readJson(request);
    const count = field(body, "count") === undefined ? 1 : Number(field(body, "count"));
    if (!Number.isInteger(count) || count < 1 || count > 10_000)
      throw new ConflictError("count must be a whole number from 1 to 10000");
    const frameworkName = field(body, "framework");
    const framework =
      frameworkName === undefined
        ? undefined
        : world.frameworks.find((f) => f.id === frameworkName || f.name === frameworkName);
    if (frameworkName !== undefined && !framework) throw new NotFound(`no framework "${String(frameworkName)}"`);
    const agentId = field(body, "agent");
    const agent = agentId === undefined ? undefined : world.agentsById.get(String(agentId));
    if (agentId !== undefined && !agent) throw new NotFound(`no agent "${String(agentId)}"`);
    if (agent && agent.status !== "active") throw new ConflictError(`agent "${agent.id}" is ${agent.status}`);
    return { status: 201, body: tasks.launch(count, { framework, agent }).map(taskView) };
  }
  if (method === "POST" && id && action && ENDINGS.includes(action as Ending) && parts.length === 3) {
    const task = tasks.end(id, action as Ending);
    return { status: 200, body: taskView(task) };
  }
  return null;
}

async function route(
  supervisor: Supervisor,
  method: string,
  parts: string[],
  request: http.IncomingMessage,
  query: URLSearchParams,
): Promise<Reply> {
  const tasksReply = await routeTasks(supervisor, method, parts, request, query);
  if (tasksReply) return tasksReply;
  const [collection, id, action] = parts;
  if (method === "GET" && parts.length === 0) {
    return {
      status: 200,
      body: {
        version: supervisor.options.mesosVersion,
        zk: supervisor.options.zk,
        quorum: supervisor.options.quorum,
        leader: supervisor.leader,
        masters: supervisor.status(),
      },
    };
  }
  if (collection === "masters") {
    if (method === "GET" && !id) return { status: 200, body: supervisor.status() };
    if (method === "GET" && id && !action) {
      const status = supervisor.status().find((m) => m.id === id);
      return status ? { status: 200, body: status } : { status: 404, body: { error: `no master "${id}"` } };
    }
    if (method === "POST" && id && action === "fault") {
      const body = await readJson(request);
      const mode = typeof body === "object" && body !== null && "mode" in body ? body.mode : undefined;
      if (mode !== null && !HTTP_FAULTS.includes(mode as HttpFault))
        throw new ConflictError(`mode must be null or one of ${HTTP_FAULTS.join(", ")}`);
      return { status: 200, body: supervisor.fault(id, mode as HttpFault | null) };
    }
    if (method === "POST" && id && action && MASTER_ACTIONS.has(action)) {
      switch (action) {
        case "stop":
          return { status: 200, body: await supervisor.stop(id) };
        case "kill":
          return { status: 200, body: await supervisor.kill(id) };
        case "pause":
          return { status: 200, body: supervisor.pause(id) };
        case "resume":
          return { status: 200, body: supervisor.resume(id) };
        case "start":
          return { status: 200, body: supervisor.startMaster(id) };
        default:
          return { status: 200, body: await supervisor.restart(id) };
      }
    }
  }
  if (collection === "agents") {
    if (method === "GET" && !id) return { status: 200, body: agentsView(supervisor) };
    if (method === "POST" && !id) {
      const body = await readJson(request);
      const count = typeof body === "object" && body !== null && "count" in body ? Number(body.count) : 1;
      if (!Number.isInteger(count) || count < 1 || count > 10_000)
        throw new ConflictError("count must be a whole number from 1 to 10000");
      supervisor.mutate({ type: "add-agents", count, at: Date.now() / 1000 });
      return { status: 201, body: agentsView(supervisor).slice(-count) };
    }
    const agent = id ? supervisor.world.agentsById.get(id) : undefined;
    if (id && !agent) return { status: 404, body: { error: `no agent "${id}"` } };
    if (agent && method === "DELETE" && !action) {
      supervisor.mutate({ type: "remove-agent", agentId: agent.id, at: Date.now() / 1000 });
      return { status: 200, body: { id: agent.id, status: agent.status } };
    }
    if (agent && method === "POST" && action && action in AGENT_ACTIONS) {
      supervisor.mutate({
        type: AGENT_ACTIONS[action as keyof typeof AGENT_ACTIONS],
        agentId: agent.id,
        at: Date.now() / 1000,
      });
      return { status: 200, body: { id: agent.id, status: agent.status } };
    }
  }
  return { status: 404, body: { error: `no route ${method} /${parts.join("/")}` } };
}

export function startControlApi(supervisor: Supervisor, port: number): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://control");
    const parts = url.pathname
      .split("/")
      .filter(Boolean)
      .map((part) => decodeURIComponent(part));
    route(supervisor, request.method ?? "GET", parts, request, url.searchParams)
      .catch((error: unknown) =>
        error instanceof ConflictError
          ? { status: 409, body: { error: error.message } }
          : error instanceof NotFound
            ? { status: 404, body: { error: error.message } }
            : { status: 500, body: { error: String(error) } },
      )
      .then((reply) => {
        response.writeHead(reply.status, { "Content-Type": "application/json" });
        response.end(JSON.stringify(reply.body));
      });
  });
  return new Promise((resolve, reject) => {
    server.once("error", (error) =>
      reject(new Error(`control API cannot listen on 127.0.0.1:${port}: ${error.message}`)),
    );
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}
