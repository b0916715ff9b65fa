/**
 * A request's status change, written once for every actor (a domain member submitting, a platform
 * admin approving, the worker settling a deployment): the state machine's answer
 * (core/request-lifecycle.ts), a conditional update so a concurrent change wins cleanly, the
 * status-history row, the audit entry and the notifications (request-notifications.ts), all in the
 * caller's transaction.
 */
import {
  transition,
  type RequestAction,
  type RequestKind,
  type RequestStatus,
} from "#core/request-lifecycle";
import type { Db } from "#db/client";
import { actingUserId, type Audit, type AuditActor } from "./audit";
import { scheduleSunset } from "./product-status";
import { notifyRequestTransition } from "./request-notifications";

export interface TransitionedRequest {
  id: string;
  kind: RequestKind;
  status: RequestStatus;
}

export interface TransitionOptions {
  actor: AuditActor;
  /** Writes the audit entry as `actor`, in the same transaction. */
  audit: Audit;
  /** Why (review decisions, failures); kept in the status history. */
  reason?: string | undefined;
  /** More to record in the audit entry's `after`, next to the new status. */
  detail?: Record<string, unknown>;
}

export type TransitionOutcome =
  | { ok: true; status: RequestStatus }
  /** `refused`: the state machine has no such step; `changed`: another writer moved it first. */
  | { ok: false; why: "refused" | "changed"; message: string };

export async function applyRequestTransition(
  db: Db,
  request: TransitionedRequest,
  action: RequestAction,
  options: TransitionOptions,
): Promise<TransitionOutcome> {
  const next = transition(request.kind, request.status, action);
  if (!next.ok) return { ok: false, why: "refused", message: next.reason };
  const changed = await db.productRequest.updateMany({
    where: { id: request.id, status: request.status },
    data: { status: next.status },
  });
  if (changed.count !== 1)
    return {
      ok: false,
      why: "changed",
      message: "the request changed meanwhile; reload and try again",
    };
  await db.requestStatusChange.create({
    data: {
      requestId: request.id,
      fromStatus: request.status,
      toStatus: next.status,
      action,
      reason: options.reason ?? null,
      actorId: actingUserId(options.actor),
    },
  });
  await options.audit({
    action: `request.${action}`,
    entityType: "request",
    entityId: request.id,
    before: { status: request.status },
    after: { status: next.status, ...options.detail },
  });
  if (action === "approve") {
    const approved = await db.productRequest.findUnique({ where: { id: request.id } });
    if (approved !== null) await scheduleSunset(db, approved);
  }
  await notifyRequestTransition(db, request.id, action, options.actor, options.reason);
  return { ok: true, status: next.status };
}
