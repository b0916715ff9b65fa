import { ContractQuery } from "#portal/shared/api-schemas";
import { withApi } from "#portal/server/api";
import { exportOdcs } from "#portal/server/odcs";
import { productReadRoute } from "#portal/server/versions";

/** The product's contract as an ODCS v3 document (YAML, or JSON on request). */
export const GET = withApi(
  { ...productReadRoute, query: ContractQuery },
  async ({ db, resource, query, request }) =>
    exportOdcs(db, resource, query, request.headers.get("accept")),
);
