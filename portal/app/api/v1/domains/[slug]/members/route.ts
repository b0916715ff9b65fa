import { AddMemberBody, DomainParams } from "../../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../../server/api";
import { setMember } from "../../../../../../server/domains";

export const POST = withApi(
  { auth: "user", params: DomainParams, body: AddMemberBody },
  async ({ db, principal, params, body, audit }) =>
    ok(await setMember(db, principal, params.slug, body, audit)),
);
