import { OdcsImportBody } from "#portal/shared/api-schemas";
import { created, withApi } from "#portal/server/api";
import { canCreateRequest } from "#portal/server/authz";
import { importOdcs, readOdcsImport } from "#portal/server/odcs";

/** A new draft request from an ODCS v3 document, with what could not be mapped. */
export const POST = withApi(
  {
    auth: "user",
    body: OdcsImportBody,
    load: ({ body }) => Promise.resolve(readOdcsImport(body)),
    authorize: (user, { resource }) => canCreateRequest(user, resource.spec.domain),
    forbidden: "only members of a domain file requests for it",
  },
  async ({ db, principal, resource, audit }) => {
    const result = await importOdcs(db, principal, resource, audit);
    return created(result, `/api/v1/requests/${result.request.id}`);
  },
);
