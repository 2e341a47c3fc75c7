"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  type ClusterFormValues,
  type FieldErrors,
  formValuesOf,
  fieldErrors,
  toClusterInput,
  validateClusterForm,
} from "@/lib/client/cluster-form";
import { useDeleteCluster, useSaveCluster, useTestConnection } from "@/lib/client/cluster-mutations";
import { ApiRequestError } from "@/lib/client/fetch-json";
import type { ClusterView } from "@/lib/shared/api-types";
import { ConnectionTestReport } from "@/components/clusters/connection-test-report";
import { AccessFields } from "@/components/clusters/access-fields";
import { ControllerFields } from "@/components/clusters/controller-fields";
import { Field, INPUT } from "@/components/clusters/form-field";

/** Register (cluster = null) or edit a cluster; test the connection first; delete with confirmation. */
export function ClusterForm({ cluster }: { cluster: ClusterView | null }) {
  const router = useRouter();
  const editing = cluster !== null;
  const [values, setValues] = useState(() => formValuesOf(cluster));
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useSaveCluster(cluster?.id ?? null);
  const testConnection = useTestConnection();
  const remove = useDeleteCluster(cluster?.id ?? 0);
  const test = testConnection.data ?? null;
  // A successful delete stays busy while the overview loads.
  const busy = save.isPending
    ? "save"
    : testConnection.isPending
      ? "test"
      : remove.isPending || remove.isSuccess
        ? "delete"
        : null;
  const [confirmDelete, setConfirmDelete] = useState(false);
  const set = <K extends keyof ClusterFormValues>(key: K, value: ClusterFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const setController = <K extends keyof ClusterFormValues>(key: K, value: ClusterFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value, controllerTouched: true }));
  const customCommands =
    editing &&
    cluster.controller?.type === "ssh" &&
    !(cluster.controller.commands as { preset?: unknown } | undefined)?.preset;
  const invalid = (key: keyof FieldErrors) => ({
    "aria-invalid": errors[key] ? true : undefined,
    "aria-describedby": errors[key] ? `${key}-error` : undefined,
  });

  const fail = (error: unknown) => {
    if (error instanceof ApiRequestError && error.code === "name_taken") setErrors({ name: error.message });
    else setErrors({ form: error instanceof Error ? error.message : String(error) });
  };
  // A refused definition: each field's problem goes next to that field.
  const failSave = (error: unknown) =>
    error instanceof ApiRequestError && error.issues ? setErrors(fieldErrors(error.issues)) : fail(error);

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    const found = validateClusterForm(values, editing);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    save.mutate(toClusterInput(values, editing), {
      onSuccess: (saved) => {
        router.push(`/clusters/${saved.id}`);
        router.refresh();
      },
      onError: failSave,
    });
  };

  const onTest = () => {
    const input = toClusterInput(values, editing);
    const found = validateClusterForm({ ...values, name: values.name || "x" }, editing);
    delete found.name;
    delete found.quorum;
    delete found.allowedMasters; // the test is what offers to fill it in
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const { zk, masters, httpAuth, allowedMasters } = input;
    testConnection.mutate({ zk, masters, httpAuth, allowedMasters }, { onError: fail });
  };

  const onDelete = () => {
    if (!cluster) return;
    remove.mutate(undefined, {
      onSuccess: () => {
        router.push("/");
        router.refresh();
      },
      onError: fail,
    });
  };

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="max-w-2xl space-y-5 rounded-lg border border-slate-200 bg-white p-6"
      aria-label={editing ? "Edit cluster" : "Register a cluster"}
    >
      {errors.form && (
        <p className="rounded bg-red-50 px-3 py-2 text-sm text-bad" role="alert" data-testid="form-error">
          {errors.form}
        </p>
      )}
      <Field id="name" label="Name" error={errors.name}>
        <input
          id="name"
          className={INPUT}
          value={values.name}
          onChange={(e) => set("name", e.target.value)}
          {...invalid("name")}
        />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Masters are found through</legend>
        <div className="flex gap-4 text-sm">
          <label className="inline-flex items-center gap-1">
            <input type="radio" name="source" checked={values.source === "zk"} onChange={() => set("source", "zk")} />{" "}
            ZooKeeper
          </label>
          <label className="inline-flex items-center gap-1">
            <input
              type="radio"
              name="source"
              checked={values.source === "static"}
              onChange={() => set("source", "static")}
            />{" "}
            a static list of master URLs
          </label>
        </div>
      </fieldset>
      {values.source === "zk" ? (
        <Field
          id="zk"
          label="ZooKeeper URL"
          hint="The masters' --zk flag: zk://[user:pass@]host:port[,host:port...]/path"
          error={errors.zk}
        >
          <input
            id="zk"
            className={`${INPUT} font-mono`}
            placeholder="zk://10.0.0.1:2181,10.0.0.2:2181,10.0.0.3:2181/mesos"
            value={values.zk}
            onChange={(e) => set("zk", e.target.value)}
            {...invalid("zk")}
          />
        </Field>
      ) : (
        <Field id="masters" label="Master URLs" hint="One per line: http://host:5050" error={errors.masters}>
          <textarea
            id="masters"
            rows={3}
            className={`${INPUT} font-mono`}
            value={values.masters}
            onChange={(e) => set("masters", e.target.value)}
            {...invalid("masters")}
          />
        </Field>
      )}
      <Field
        id="quorum"
        label="Registry quorum (optional)"
        hint="The masters' --quorum; a majority of the masters is assumed when empty"
        error={errors.quorum}
      >
        <input
          id="quorum"
          inputMode="numeric"
          className={`${INPUT} w-24`}
          value={values.quorum}
          onChange={(e) => set("quorum", e.target.value)}
          {...invalid("quorum")}
        />
      </Field>
      <Field id="description" label="Description (optional)" error={errors.description}>
        <textarea
          id="description"
          rows={2}
          className={INPUT}
          value={values.description}
          onChange={(e) => set("description", e.target.value)}
          {...invalid("description")}
        />
      </Field>
      <AccessFields
        values={values}
        errors={errors}
        set={set}
        invalid={invalid}
        storedCredentials={editing && cluster.httpAuth !== null}
      />
      <ControllerFields
        values={values}
        errors={errors}
        setController={setController}
        invalid={invalid}
        hasStoredKey={editing && cluster.controller?.hasStoredKey === true}
        customCommands={customCommands}
      />
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={busy !== null}
          className="rounded-md bg-slate-900 px-4 py-1.5 text-sm font-medium text-white disabled:opacity-50"
        >
          {busy === "save" ? "Saving…" : editing ? "Save changes" : "Register cluster"}
        </button>
        <button
          type="button"
          onClick={onTest}
          disabled={busy !== null}
          className="rounded-md border border-slate-300 px-4 py-1.5 text-sm disabled:opacity-50"
        >
          {busy === "test" ? "Testing…" : "Test connection"}
        </button>
        {editing && !confirmDelete && (
          <button type="button" onClick={() => setConfirmDelete(true)} className="ml-auto text-sm text-bad underline">
            Delete cluster
          </button>
        )}
      </div>
      {test && (
        <ConnectionTestReport
          test={test}
          onAdopt={
            test.suggestedAllowlist.length > 0 && values.source === "zk"
              ? () => set("allowedMasters", test.suggestedAllowlist.join("\n"))
              : undefined
          }
        />
      )}
      {editing && confirmDelete && (
        <div
          role="alertdialog"
          aria-label="Confirm deletion"
          className="space-y-2 rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm"
        >
          <p>
            Delete <strong>{cluster.name}</strong> and its whole event history? The masters are not touched; this cannot
            be undone.
          </p>
          <div className="flex gap-3">
            <button
              type="button"
              onClick={onDelete}
              disabled={busy !== null}
              className="rounded-md bg-bad px-3 py-1 text-white"
            >
              {busy === "delete" ? "Deleting…" : "Delete"}
            </button>
            <button
              type="button"
              onClick={() => setConfirmDelete(false)}
              className="rounded-md border border-slate-300 px-3 py-1"
            >
              Cancel
            </button>
          </div>
        </div>
      )}
    </form>
  );
}
