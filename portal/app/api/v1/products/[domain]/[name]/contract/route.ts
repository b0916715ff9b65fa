import { ContractQuery, ProductParams } from "../../../../../../../shared/api-schemas";
import { withApi } from "../../../../../../../server/api";
import { canReadCatalog } from "../../../../../../../server/authz";
import { exportOdcs } from "../../../../../../../server/odcs";
import { readableProductOrThrow } from "../../../../../../../server/versions";

/** The product's contract as an ODCS v3 document (YAML, or JSON on request). */
export const GET = withApi(
  {
    auth: "user",
    params: ProductParams,
    query: ContractQuery,
    load: ({ db, principal, params }) =>
      readableProductOrThrow(db, principal, params.domain, params.name),
    authorize: canReadCatalog,
  },
  async ({ db, resource, query, request }) =>
    exportOdcs(db, resource, query, request.headers.get("accept")),
);
