"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiProblem, apiSend } from "./api-client";
import { Field } from "./Field";

export type OfferedAction = "submit" | "reopen" | "withdraw" | "approve" | "reject";

const LABELS: Readonly<Record<OfferedAction, string>> = {
  submit: "Submit for review",
  reopen: "Reopen as draft",
  withdraw: "Withdraw request",
  approve: "Approve",
  reject: "Reject",
};

const NEEDS_REASON = new Set<OfferedAction>(["approve", "reject"]);

export function RequestActions({
  requestId,
  actions,
}: {
  requestId: string;
  actions: readonly OfferedAction[];
}) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const mutation = useMutation({
    mutationFn: (action: OfferedAction) =>
      apiSend(
        "POST",
        `/api/v1/requests/${requestId}/${action}`,
        NEEDS_REASON.has(action) ? { reason } : undefined,
      ),
    onSuccess: () => {
      setReason("");
      router.refresh();
    },
  });
  const review = actions.some((action) => NEEDS_REASON.has(action));
  const error = mutation.error;
  return (
    <section className="card" aria-label="Actions">
      {review && (
        <Field
          id={`reason-${requestId}`}
          label="Reason for the decision"
          hint="Required to approve or reject; the requester sees it."
        >
          <textarea
            id={`reason-${requestId}`}
            value={reason}
            required
            onChange={(event) => {
              setReason(event.target.value);
            }}
          />
        </Field>
      )}
      <div className="row">
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            className={action === "reject" || action === "withdraw" ? "danger" : "primary"}
            disabled={mutation.isPending || (NEEDS_REASON.has(action) && reason.trim().length < 3)}
            onClick={() => {
              if (
                action === "withdraw" &&
                !window.confirm("Withdraw this request? It cannot be reopened.")
              )
                return;
              mutation.mutate(action);
            }}
          >
            {LABELS[action]}
          </button>
        ))}
      </div>
      {error && (
        <div className="alert" data-tone="danger" role="alert" style={{ marginTop: "0.75rem" }}>
          {error.message}
          {error instanceof ApiProblem && error.errors.length > 0 && (
            <ul>
              {error.errors.map((issue, index) => (
                <li key={index}>
                  <code>{issue.path}</code>: {issue.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
