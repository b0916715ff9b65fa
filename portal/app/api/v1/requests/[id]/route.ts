import { RequestIdParams, UpdateDraftBody } from "#portal/shared/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { canEditDrafts } from "#portal/server/authz";
import {
  getRequest,
  getRequestOrThrow,
  requestActionRoute,
  takeAction,
  updateDraft,
} from "#portal/server/requests";

export const GET = withApi(
  { auth: "user", params: RequestIdParams },
  async ({ db, principal, params }) => ok(await getRequest(db, principal, params.id)),
);

export const PATCH = withApi(
  {
    auth: "user",
    params: RequestIdParams,
    body: UpdateDraftBody,
    load: ({ db, principal, params }) => getRequestOrThrow(db, principal, params.id),
    authorize: (user, { resource }) => canEditDrafts(user, resource),
    forbidden: "only members of the request's domain edit its drafts",
  },
  async ({ db, resource, body, audit }) => ok(await updateDraft(db, resource, body.spec, audit)),
);

/**
 * Deleting a request withdraws it (the same step as POST …/withdraw): it stays readable with its
 * history and audit entries, and frees the product's name for a new request.
 */
export const DELETE = withApi(
  requestActionRoute("withdraw"),
  async ({ db, principal, resource, audit }) =>
    ok(await takeAction(db, principal, resource, "withdraw", undefined, audit)),
);
