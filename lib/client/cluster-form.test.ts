import { describe, expect, it } from "vitest";
import type { ClusterView } from "@/lib/shared/api-types";
import { type ClusterFormValues, fieldErrors, formValuesOf, toClusterInput, validateClusterForm } from "./cluster-form";

const values = (overrides: Partial<ClusterFormValues> = {}): ClusterFormValues => ({
  name: "prod",
  source: "zk",
  zk: "zk://10.0.0.1:2181/mesos",
  masters: "",
  quorum: "2",
  description: "",
  username: "",
  allowedMasters: "",
  password: "",
  removeCredentials: false,
  controllerType: "none",
  controllerUrl: "",
  sshUser: "",
  sshPort: "22",
  sshKeyPath: "",
  sshPreset: "systemd",
  controllerTouched: false,
  ...overrides,
});

describe("validateClusterForm", () => {
  it("accepts a valid ZooKeeper cluster and a valid static one", () => {
    expect(validateClusterForm(values(), false)).toEqual({});
    expect(
      validateClusterForm(
        values({ source: "static", zk: "", masters: "http://10.0.0.1:5050\nhttp://10.0.0.2:5050", quorum: "" }),
        false,
      ),
    ).toEqual({});
  });

  it("puts each message beside its field", () => {
    expect(validateClusterForm(values({ zk: "http://10.0.0.1:2181/mesos" }), false).zk).toMatch(/zk:\/\//);
    expect(validateClusterForm(values({ zk: "zk://10.0.0.1:2181/" }), false).zk).toMatch(/chroot path/);
    expect(validateClusterForm(values({ name: "" }), false).name).toBe("name is required");
    expect(validateClusterForm(values({ quorum: "1.5" }), false).quorum).toBe("quorum must be a whole number");
    expect(
      validateClusterForm(values({ source: "static", masters: "http://ok:5050\nnot a url" }), false).masters,
    ).toMatch(/^line 2: /);
    expect(validateClusterForm(values({ username: "ops" }), false).password).toBeDefined();
  });

  it("keeps a stored password when editing with the password left empty", () => {
    expect(validateClusterForm(values({ username: "ops", allowedMasters: "10.0.0.0/24" }), true)).toEqual({});
    expect(toClusterInput(values({ username: "ops" }), true).httpAuth).toEqual({ username: "ops" });
    expect(toClusterInput(values({ removeCredentials: true, username: "ops" }), true).httpAuth).toBeNull();
  });
});

describe("the controller fields", () => {
  it("build a sim or ssh controller, and leave an edited cluster's controller alone unless touched", () => {
    expect(
      toClusterInput(values({ controllerType: "sim", controllerUrl: "http://127.0.0.1:5049" }), false).controller,
    ).toEqual({ type: "sim", url: "http://127.0.0.1:5049" });
    expect(
      toClusterInput(
        values({ controllerType: "ssh", sshUser: "mesos", sshKeyPath: "/etc/keys/id", sshPreset: "upstart" }),
        false,
      ).controller,
    ).toEqual({
      type: "ssh",
      user: "mesos",
      port: 22,
      commands: { preset: "upstart" },
      privateKeyPath: "/etc/keys/id",
    });
    expect(toClusterInput(values({ controllerType: "sim" }), true)).not.toHaveProperty("controller");
    expect(toClusterInput(values({ controllerType: "none", controllerTouched: true }), true).controller).toBeNull();
  });

  it("point a bad controller URL at its field", () => {
    expect(
      validateClusterForm(values({ controllerType: "sim", controllerUrl: "ftp://x" }), false).controllerUrl,
    ).toMatch(/base URL/);
  });
});

it("maps API issues to fields", () => {
  expect(
    fieldErrors([
      { path: "masters.0", message: "bad" },
      { path: "httpAuth.password", message: "required" },
      { path: "", message: "odd" },
    ]),
  ).toEqual({ masters: "line 1: bad", password: "required", form: "odd" });
});

it("fills the form from a stored cluster, never with its password, and leaves a new one empty", () => {
  const stored: ClusterView = {
    id: 1,
    name: "prod",
    zk: "zk://zk1:2181/mesos",
    masters: null,
    quorum: 2,
    description: "main",
    httpAuth: { username: "ops" },
    allowedMasters: ["10.0.0.0/24", "m1.example.com"],
    controller: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
  };
  expect(formValuesOf(stored)).toMatchObject({
    name: "prod",
    source: "zk",
    zk: "zk://zk1:2181/mesos",
    quorum: "2",
    username: "ops",
    allowedMasters: "10.0.0.0/24\nm1.example.com",
    password: "",
    controllerTouched: false,
  });
  expect(formValuesOf({ ...stored, zk: null, masters: ["http://m1:5050", "http://m2:5050"] })).toMatchObject({
    source: "static",
    masters: "http://m1:5050\nhttp://m2:5050",
  });
  expect(formValuesOf(null)).toMatchObject({ name: "", source: "zk", quorum: "", username: "" });
});

describe("the allowed master addresses", () => {
  it("are required with credentials on a ZooKeeper cluster, with the reason", () => {
    const errors = validateClusterForm(values({ username: "ops", password: "pw" }), false);
    expect(errors.allowedMasters).toMatch(/allowedMasters is required with httpAuth.*receive the credentials/);
    expect(
      validateClusterForm(values({ username: "ops", password: "pw", allowedMasters: "10.0.0.0/24" }), false),
    ).toEqual({});
    expect(validateClusterForm(values(), false)).toEqual({});
  });

  it("say which line is wrong", () => {
    expect(validateClusterForm(values({ allowedMasters: "10.0.0.0/24\n10.0.0.0/99" }), false).allowedMasters).toMatch(
      /^line 2: .*prefix/,
    );
  });

  it("are sent as a list, and must include a static cluster's own masters", () => {
    expect(toClusterInput(values({ allowedMasters: "10.0.0.0/24, m1.example.com\n" }), false).allowedMasters).toEqual([
      "10.0.0.0/24",
      "m1.example.com",
    ]);
    const staticCluster = values({
      source: "static",
      masters: "http://10.0.1.5:5050",
      quorum: "",
      allowedMasters: "10.0.0.0/24",
    });
    expect(validateClusterForm(staticCluster, false).allowedMasters).toMatch(/outside allowedMasters/);
  });
});
