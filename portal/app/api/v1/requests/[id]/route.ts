import { RequestIdParams, UpdateDraftBody } from "../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../server/api";
import { getRequest, updateDraft } from "../../../../../server/requests";

export const GET = withApi(
  { auth: "user", params: RequestIdParams },
  async ({ db, principal, params }) => ok(await getRequest(db, principal, params.id)),
);

export const PATCH = withApi(
  { auth: "user", params: RequestIdParams, body: UpdateDraftBody },
  async ({ db, principal, params, body, audit }) =>
    ok(await updateDraft(db, principal, params.id, body.spec, audit)),
);
