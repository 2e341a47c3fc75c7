"use client";
// Who may be contacted and with what: the masters' HTTP credentials and the addresses masters may have. The two go
// together: credentials on a ZooKeeper cluster require the allowlist (docs/security.md#hosts-contacted).
import type { ClusterFormValues, FieldErrors } from "@/lib/client/cluster-form";
import { Field, INPUT } from "@/components/clusters/form-field";

export function AccessFields({
  values,
  errors,
  set,
  invalid,
  storedCredentials,
}: {
  values: ClusterFormValues;
  errors: FieldErrors;
  set: <K extends keyof ClusterFormValues>(key: K, value: ClusterFormValues[K]) => void;
  invalid: (key: keyof FieldErrors) => { "aria-invalid": boolean | undefined; "aria-describedby": string | undefined };
  /** Editing a cluster whose credentials are stored. */
  storedCredentials: boolean;
}) {
  return (
    <>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">
          HTTP credentials (optional, for masters started with --authenticate_http_readonly)
        </legend>
        <div className="grid grid-cols-2 gap-3">
          <Field id="username" label="User" error={errors.username}>
            <input
              id="username"
              autoComplete="off"
              className={INPUT}
              value={values.username}
              onChange={(e) => set("username", e.target.value)}
              {...invalid("username")}
            />
          </Field>
          <Field
            id="password"
            label="Password"
            hint={storedCredentials ? "Leave empty to keep the stored password" : undefined}
            error={errors.password}
          >
            <input
              id="password"
              type="password"
              autoComplete="new-password"
              className={INPUT}
              value={values.password}
              onChange={(e) => set("password", e.target.value)}
              {...invalid("password")}
            />
          </Field>
        </div>
        {storedCredentials && (
          <label className="inline-flex items-center gap-1 text-sm">
            <input
              type="checkbox"
              checked={values.removeCredentials}
              onChange={(e) => set("removeCredentials", e.target.checked)}
            />{" "}
            remove the stored credentials
          </label>
        )}
      </fieldset>
      <Field
        id="allowedMasters"
        label={`Allowed master addresses${values.source === "zk" ? " (required with credentials)" : " (optional)"}`}
        hint="One per line: host names, *.example.com, IPs or CIDR ranges (10.0.0.0/24). A master ZooKeeper names outside them is listed but never contacted. Test connection can fill them in."
        error={errors.allowedMasters}
      >
        <textarea
          id="allowedMasters"
          rows={3}
          className={`${INPUT} font-mono`}
          placeholder="10.0.0.0/24"
          value={values.allowedMasters}
          onChange={(e) => set("allowedMasters", e.target.value)}
          {...invalid("allowedMasters")}
        />
      </Field>
    </>
  );
}
