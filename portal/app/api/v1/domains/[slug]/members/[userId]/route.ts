import { MemberParams } from "../../../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../../../server/api";
import { removeMember } from "../../../../../../../server/domains";

export const DELETE = withApi(
  { auth: "user", params: MemberParams },
  async ({ db, principal, params, audit }) =>
    ok(await removeMember(db, principal, params.slug, params.userId, audit)),
);
