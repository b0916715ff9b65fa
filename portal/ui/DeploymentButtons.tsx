"use client";
/** Buttons that queue a deployment (deploy, preview, refresh, retry) and open its page. */
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiSend } from "./api-client";

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
      {mutation.error && (
        <div className="alert" data-tone="danger" role="alert" style={{ marginTop: "0.75rem" }}>
          {mutation.error.message}
        </div>
      )}
    </div>
  );
}
