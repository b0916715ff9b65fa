import "server-only";
/**
 * Approving a request: the review waits for the facts. A breaking change needs the reviewer's
 * acknowledgement (422 at `acknowledgeBreaking`), and the current spec's plan preview must have
 * finished, not failed, without policy violations (409 naming why) unless the admin gives an
 * override reason.
 * The rules are core/evolution.ts's; who may approve is authz.ts's (the route's `authorize`).
 */
import type { z } from "zod";
import { approvalRefusal, planHold } from "#core/evolution";
import { carriesSpec, transition, type RequestKind } from "#core/request-lifecycle";
import type { Db } from "#db/client";
import type { Audit } from "#workflow/audit";
import { requestSubmissions } from "#workflow/product-versions";
import type { ApproveBody, RequestDetail } from "../shared/api-schemas";
import type { UserPrincipal } from "./authz";
import { planOf } from "./plan-previews";
import { ConflictError, ValidationError } from "./problems";
import { takeAction, type RequestDetailRow } from "./requests";

/** What an approval of the request waits for now: what the pages' Approve button shows. */
export async function approvalState(
  client: Db,
  row: { id: string; kind: RequestKind; spec: unknown; planPreview: unknown },
): Promise<{ breaking: boolean; hold: string | undefined; pending: boolean }> {
  if (!carriesSpec(row.kind)) return { breaking: false, hold: undefined, pending: false };
  const [latest] = await requestSubmissions(client, row.id);
  const hold = planHold(planOf(row));
  return {
    breaking: latest?.severity === "breaking",
    hold: hold?.message,
    pending: hold?.reason === "plan-pending",
  };
}

export async function approveRequest(
  client: Db,
  user: UserPrincipal,
  row: RequestDetailRow,
  body: z.output<typeof ApproveBody>,
  audit: Audit,
): Promise<RequestDetail> {
  const detail: Record<string, unknown> = {};
  // A request that cannot be approved in its status gets the state machine's 409 from takeAction.
  if (carriesSpec(row.kind) && transition(row.kind, row.status, "approve").ok) {
    const [latest] = await requestSubmissions(client, row.id);
    const severity = latest?.severity === "breaking" ? "breaking" : undefined;
    const plan = planOf(row);
    const choices = {
      acknowledgeBreaking: body.acknowledgeBreaking === true,
      overrideReason: body.overrideReason,
    };
    const refusal = approvalRefusal(severity, plan, choices);
    if (refusal !== undefined) {
      if (refusal.reason === "breaking-unacknowledged")
        throw new ValidationError(
          [{ path: refusal.path, message: refusal.message }],
          refusal.message,
        );
      throw new ConflictError(refusal.message);
    }
    const hold = planHold(plan);
    Object.assign(detail, {
      severity: latest?.severity ?? null,
      version: latest?.version ?? null,
      acknowledgeBreaking: severity === "breaking",
      ...(hold === undefined
        ? {}
        : { planOverride: { reason: body.overrideReason, hold: hold.reason } }),
    });
  }
  return takeAction(client, user, row, "approve", body.reason, audit, detail);
}
