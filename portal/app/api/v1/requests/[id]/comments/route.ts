import { CommentBody, RequestIdParams } from "#portal/shared/api-schemas";
import { created, withApi } from "#portal/server/api";
import { canComment } from "#portal/server/authz";
import { addComment, getRequestOrThrow } from "#portal/server/requests";

export const POST = withApi(
  {
    auth: "user",
    params: RequestIdParams,
    body: CommentBody,
    load: ({ db, principal, params }) => getRequestOrThrow(db, principal, params.id),
    authorize: (user, { resource }) => canComment(user, resource),
  },
  async ({ db, principal, params, body, audit }) =>
    created(await addComment(db, principal, params.id, body.body, audit)),
);
