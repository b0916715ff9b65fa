import { ContractQuery } from "../../../../../../../shared/api-schemas";
import { withApi } from "../../../../../../../server/api";
import { exportOdcs } from "../../../../../../../server/odcs";
import { productReadRoute } from "../../../../../../../server/versions";

/** The product's contract as an ODCS v3 document (YAML, or JSON on request). */
export const GET = withApi(
  { ...productReadRoute, query: ContractQuery },
  async ({ db, resource, query, request }) =>
    exportOdcs(db, resource, query, request.headers.get("accept")),
);
