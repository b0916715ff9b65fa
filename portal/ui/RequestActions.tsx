"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiSend } from "./api-client";
import { ProblemAlert } from "./ProblemAlert";
import { Field } from "./Field";
import { useRefreshWhile } from "./use-refresh-while";

export type OfferedAction = "submit" | "reopen" | "withdraw" | "approve" | "reject";

const LABELS: Readonly<Record<OfferedAction, string>> = {
  submit: "Submit for review",
  reopen: "Reopen as draft",
  withdraw: "Withdraw request",
  approve: "Approve",
  reject: "Reject",
};

const NEEDS_REASON = new Set<OfferedAction>(["approve", "reject"]);

/** What an approval waits for (portal/server/approval.ts `approvalHold`). */
export interface ApprovalState {
  /** The request makes a breaking change: the reviewer acknowledges it. */
  breaking: boolean;
  /** Why the plan preview holds the approval back (pending, missing, failed, violations); an admin may override. */
  hold: string | undefined;
  /** The preview is still running: the page refreshes until it has finished. */
  pending: boolean;
}

export function RequestActions({
  requestId,
  actions,
  approval,
}: {
  requestId: string;
  actions: readonly OfferedAction[];
  approval?: ApprovalState | undefined;
}) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [acknowledged, setAcknowledged] = useState(false);
  const [override, setOverride] = useState("");
  const approving = actions.includes("approve") && approval !== undefined;
  const waiting = approving && approval.pending;
  useRefreshWhile(waiting, 2000);
  const mutation = useMutation({
    mutationFn: (action: OfferedAction) =>
      apiSend(
        "POST",
        `/api/v1/requests/${requestId}/${action}`,
        action === "approve"
          ? {
              reason,
              ...(approval?.breaking === true ? { acknowledgeBreaking: acknowledged } : {}),
              ...(approval?.hold !== undefined && override.trim() !== ""
                ? { overrideReason: override }
                : {}),
            }
          : NEEDS_REASON.has(action)
            ? { reason }
            : undefined,
      ),
    onSuccess: () => {
      setReason("");
      setOverride("");
      router.refresh();
    },
  });
  /** Why Approve is disabled besides the reason; undefined when it is not. */
  const approveBlocked = !approving
    ? undefined
    : approval.breaking && !acknowledged
      ? "acknowledge the breaking change first"
      : approval.hold !== undefined && override.trim().length < 3
        ? approval.hold
        : undefined;
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
      {approving && approval.hold !== undefined && (
        <div className="alert" data-tone="warn" role="status" aria-label="Approval on hold">
          {approval.hold}
          <Field
            id={`override-${requestId}`}
            label="Override reason (admins)"
            hint="Approve anyway: why the plan preview need not hold this request. Recorded in the audit log."
          >
            <textarea
              id={`override-${requestId}`}
              value={override}
              onChange={(event) => {
                setOverride(event.target.value);
              }}
            />
          </Field>
        </div>
      )}
      {approving && approval.breaking && (
        <label className="row">
          <input
            type="checkbox"
            checked={acknowledged}
            onChange={(event) => {
              setAcknowledged(event.target.checked);
            }}
          />
          I acknowledge this breaking change (a new major version; its consumers are affected)
        </label>
      )}
      <div className="row">
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            className={action === "reject" || action === "withdraw" ? "danger" : "primary"}
            disabled={
              mutation.isPending ||
              (NEEDS_REASON.has(action) && reason.trim().length < 3) ||
              (action === "approve" && approveBlocked !== undefined)
            }
            title={action === "approve" ? approveBlocked : undefined}
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
      <ProblemAlert error={error} />
    </section>
  );
}
