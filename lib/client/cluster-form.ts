// The registration form's values, turned into the API's input and checked with the same schema the server uses,
// so every message appears beside its field before anything is sent (pure, browser-safe).
import type { ClusterView } from "@/lib/shared/api-types";
import { allowlistProblem, clusterInputSchema } from "@/lib/shared/cluster-input";

export interface ClusterFormValues {
  name: string;
  source: "zk" | "static";
  zk: string;
  masters: string;
  quorum: string;
  description: string;
  username: string;
  password: string;
  /** Editing a cluster that has stored credentials: remove them. */
  removeCredentials: boolean;
  /** The allowed master addresses, one per line (or separated by commas or spaces). */
  allowedMasters: string;
  controllerType: "none" | "sim" | "ssh";
  controllerUrl: string;
  sshUser: string;
  sshPort: string;
  sshKeyPath: string;
  sshPreset: "systemd" | "upstart" | "sysv";
  /** The controller fields were changed: only then is the controller sent (custom settings made through the API stay). */
  controllerTouched: boolean;
}

/** The controller fields of the form from a cluster's controller view (the API never returns the private key). */
export function controllerFormValues(
  view: Record<string, unknown> | null,
): Pick<ClusterFormValues, "controllerType" | "controllerUrl" | "sshUser" | "sshPort" | "sshKeyPath" | "sshPreset"> {
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  const commands = view?.commands as { preset?: unknown } | undefined;
  const preset = commands?.preset === "upstart" || commands?.preset === "sysv" ? commands.preset : "systemd";
  const type = view?.type === "sim" || view?.type === "ssh" ? view.type : "none";
  return {
    controllerType: type,
    controllerUrl: text(view?.url),
    sshUser: text(view?.user),
    sshPort: typeof view?.port === "number" ? String(view.port) : "22",
    sshKeyPath: text(view?.privateKeyPath),
    sshPreset: preset,
  };
}

export type FieldErrors = Partial<Record<keyof ClusterFormValues | "form", string>>;

const listOf = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);

export function toClusterInput(values: ClusterFormValues, editing: boolean): Record<string, unknown> {
  const input: Record<string, unknown> = { name: values.name.trim(), description: values.description };
  if (values.source === "zk") input.zk = values.zk.trim();
  else input.masters = listOf(values.masters);
  input.quorum = values.quorum.trim() === "" ? null : Number(values.quorum);
  input.allowedMasters = listOf(values.allowedMasters);
  if (values.removeCredentials) input.httpAuth = null;
  else if (values.username.trim() !== "")
    input.httpAuth = {
      username: values.username.trim(),
      ...(values.password !== "" || !editing ? { password: values.password } : {}),
    };
  if (values.controllerTouched || !editing) {
    if (values.controllerType === "sim") input.controller = { type: "sim", url: values.controllerUrl.trim() };
    else if (values.controllerType === "ssh") {
      input.controller = {
        type: "ssh",
        user: values.sshUser.trim(),
        port: Number(values.sshPort || "22"),
        commands: { preset: values.sshPreset },
        ...(values.sshKeyPath.trim() ? { privateKeyPath: values.sshKeyPath.trim() } : {}),
      };
    } else if (editing) input.controller = null;
  }
  return input;
}

const FIELD_OF: Record<string, keyof ClusterFormValues> = {
  name: "name",
  zk: "zk",
  masters: "masters",
  quorum: "quorum",
  description: "description",
  httpAuth: "username",
  allowedMasters: "allowedMasters",
  controller: "controllerType",
};
const CONTROLLER_FIELD: Record<string, keyof ClusterFormValues> = {
  url: "controllerUrl",
  user: "sshUser",
  port: "sshPort",
  privateKeyPath: "sshKeyPath",
  commands: "sshPreset",
};

/** The API's validation issues (`path` like `masters.1`) as one message per form field. */
export function fieldErrors(issues: readonly { path: string; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const [head, second] = issue.path.split(".");
    let field: keyof FieldErrors = (head && FIELD_OF[head]) || "form";
    if (head === "httpAuth" && second === "password") field = "password";
    if (head === "controller" && second && CONTROLLER_FIELD[second])
      field = CONTROLLER_FIELD[second] ?? "controllerType";
    const message =
      (head === "masters" || head === "allowedMasters") && second !== undefined
        ? `line ${Number(second) + 1}: ${issue.message}`
        : issue.message;
    errors[field] ??= message;
  }
  return errors;
}

/** Validates the form as the server will; an empty object means it may be sent. */
export function validateClusterForm(values: ClusterFormValues, editing: boolean): FieldErrors {
  const parsed = clusterInputSchema.safeParse(toClusterInput(values, editing));
  const errors = parsed.success
    ? {}
    : fieldErrors(parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })));
  if (!editing && values.username.trim() !== "" && values.password === "")
    errors.password ??= "give the password for this user name";
  if (values.source === "zk" && values.zk.trim() === "")
    errors.zk = "give the ZooKeeper URL the masters were started with (--zk)";
  if (parsed.success && !errors.allowedMasters) {
    const problem = allowlistProblem({
      zk: values.source === "zk",
      masters: parsed.data.masters ?? null,
      httpAuth: values.username.trim() !== "" && !values.removeCredentials,
      allowedMasters: parsed.data.allowedMasters ?? null,
    });
    if (problem) errors.allowedMasters = problem;
  }
  if (values.source === "static" && values.masters.trim() === "")
    errors.masters = "give at least one master URL, e.g. http://10.0.0.1:5050";
  return errors;
}

/** The form's values for a cluster being edited, or empty ones for a new cluster (credentials are never shown). */
export function formValuesOf(cluster: ClusterView | null): ClusterFormValues {
  return {
    name: cluster?.name ?? "",
    source: cluster?.masters ? "static" : "zk",
    zk: cluster?.zk ?? "",
    masters: cluster?.masters?.join("\n") ?? "",
    quorum: cluster?.quorum != null ? String(cluster.quorum) : "",
    description: cluster?.description ?? "",
    username: cluster?.httpAuth?.username ?? "",
    password: "",
    removeCredentials: false,
    allowedMasters: cluster?.allowedMasters?.join("\n") ?? "",
    ...controllerFormValues(cluster?.controller ?? null),
    controllerTouched: false,
  };
}
