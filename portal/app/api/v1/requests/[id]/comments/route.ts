import { CommentBody, RequestIdParams } from "../../../../../../shared/api-schemas";
import { created, withApi } from "../../../../../../server/api";
import { addComment } from "../../../../../../server/requests";

export const POST = withApi(
  { auth: "user", params: RequestIdParams, body: CommentBody },
  async ({ db, principal, params, body, audit }) =>
    created(await addComment(db, principal, params.id, body.body, audit)),
);
