"use client";
// The controller part of a cluster's form: none, the simulator's control API, or SSH with a service manager.
import type { ClusterFormValues, FieldErrors } from "@/lib/client/cluster-form";
import { Field, INPUT } from "@/components/clusters/form-field";

export function ControllerFields({
  values,
  errors,
  setController,
  invalid,
  hasStoredKey,
  customCommands,
}: {
  values: ClusterFormValues;
  errors: FieldErrors;
  setController: <K extends keyof ClusterFormValues>(key: K, value: ClusterFormValues[K]) => void;
  invalid: (key: keyof FieldErrors) => { "aria-invalid": boolean | undefined; "aria-describedby": string | undefined };
  /** Editing a cluster whose private key is stored: an empty key path keeps it. */
  hasStoredKey: boolean;
  /** The stored commands are custom (set through the API), not a preset. */
  customCommands: boolean;
}) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">Controller (how masters are stopped and started from here)</legend>
      <select
        aria-label="Controller"
        value={values.controllerType}
        onChange={(e) => setController("controllerType", e.target.value as ClusterFormValues["controllerType"])}
        className="rounded-md border border-slate-300 px-2 py-1 text-sm"
        {...invalid("controllerType")}
      >
        <option value="none">none: watch only</option>
        <option value="sim">sim: the simulator&apos;s control API</option>
        <option value="ssh">ssh: service commands on each master&apos;s host</option>
      </select>
      {errors.controllerType && (
        <p className="text-xs font-medium text-bad" role="alert">
          {errors.controllerType}
        </p>
      )}
      {values.controllerType === "sim" && (
        <Field
          id="controllerUrl"
          label="Control API URL"
          hint="npm run sim prints it: http://127.0.0.1:5049"
          error={errors.controllerUrl}
        >
          <input
            id="controllerUrl"
            className={`${INPUT} font-mono`}
            value={values.controllerUrl}
            onChange={(e) => setController("controllerUrl", e.target.value)}
            {...invalid("controllerUrl")}
          />
        </Field>
      )}
      {values.controllerType === "ssh" && (
        <div className="grid grid-cols-2 gap-3">
          <Field id="sshUser" label="SSH user" error={errors.sshUser}>
            <input
              id="sshUser"
              className={INPUT}
              value={values.sshUser}
              onChange={(e) => setController("sshUser", e.target.value)}
              {...invalid("sshUser")}
            />
          </Field>
          <Field id="sshPort" label="SSH port" error={errors.sshPort}>
            <input
              id="sshPort"
              inputMode="numeric"
              className={INPUT}
              value={values.sshPort}
              onChange={(e) => setController("sshPort", e.target.value)}
              {...invalid("sshPort")}
            />
          </Field>
          <Field
            id="sshKeyPath"
            label="Private key file on this server"
            hint={
              hasStoredKey ? "Empty keeps the stored key" : "An absolute path; a key can also be stored through the API"
            }
            error={errors.sshKeyPath}
          >
            <input
              id="sshKeyPath"
              className={`${INPUT} font-mono`}
              value={values.sshKeyPath}
              onChange={(e) => setController("sshKeyPath", e.target.value)}
              {...invalid("sshKeyPath")}
            />
          </Field>
          <Field
            id="sshPreset"
            label="Service manager"
            hint={
              customCommands
                ? "Custom commands are set through the API; choosing here replaces them"
                : "sudo -n systemctl|stop/start|/etc/init.d mesos-master …"
            }
            error={errors.sshPreset}
          >
            <select
              id="sshPreset"
              className={INPUT}
              value={values.sshPreset}
              onChange={(e) => setController("sshPreset", e.target.value as ClusterFormValues["sshPreset"])}
            >
              <option value="systemd">systemd</option>
              <option value="upstart">upstart</option>
              <option value="sysv">SysV init</option>
            </select>
          </Field>
        </div>
      )}
    </fieldset>
  );
}
