"use client";
/**
 * Buttons on deployments: those that queue one (deploy, preview, refresh, retry) and open its
 * page, and Cancel, which stays on the deployment's page.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { DeploymentSummary } from "../shared/deployment-schemas";
import { apiSend } from "./api-client";
import { queries } from "./queries";

export interface DeploymentAction {
  label: string;
  /** POST path under /api/v1 that answers `{deployment: {id}}`. */
  path: string;
  tone?: "primary" | "danger";
  /** Asked before queueing (destroy). */
  confirm?: string;
}

export function DeploymentButtons({
  actions,
  label = "Deployment actions",
}: {
  actions: readonly DeploymentAction[];
  label?: string;
}) {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: (action: DeploymentAction) =>
      apiSend<{ deployment: { id: string } }>("POST", action.path),
    onSuccess: (result) => {
      router.push(`/deployments/${result.deployment.id}`);
    },
  });
  return (
    <div role="group" aria-label={label}>
      <div className="row">
        {actions.map((action) => (
          <button
            key={action.path}
            type="button"
            className={action.tone ?? "primary"}
            disabled={mutation.isPending}
            onClick={() => {
              if (action.confirm === undefined || window.confirm(action.confirm))
                mutation.mutate(action);
            }}
          >
            {action.label}
          </button>
        ))}
      </div>
      <ActionError error={mutation.error} />
    </div>
  );
}

/**
 * Cancel answers the deployment itself (`cancelled`, or still `running` with `cancelRequested`):
 * shown at once, then refetched, also after a 409 (it ended meanwhile: the refetch shows how).
 */
export function CancelDeploymentButton({ id }: { id: string }) {
  const client = useQueryClient();
  const { queryKey } = queries.deployment(id);
  const mutation = useMutation({
    mutationFn: () =>
      apiSend<DeploymentSummary>("POST", `/api/v1/deployments/${encodeURIComponent(id)}/cancel`),
    onSuccess: (summary) => {
      client.setQueryData(queryKey, (shown) => shown && { ...shown, ...summary });
    },
    onSettled: () => client.invalidateQueries({ queryKey, exact: true }),
  });
  return (
    <div role="group" aria-label="Stop">
      <button
        type="button"
        className="danger"
        disabled={mutation.isPending}
        onClick={() => {
          mutation.mutate();
        }}
      >
        Cancel
      </button>
      <ActionError error={mutation.error} />
    </div>
  );
}

function ActionError({ error }: { error: Error | null }) {
  if (error === null) return null;
  return (
    <div className="alert" data-tone="danger" role="alert" style={{ marginTop: "0.75rem" }}>
      {error.message}
    </div>
  );
}
