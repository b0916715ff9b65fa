import { icebergOpenApiDocument } from "#portal/server/iceberg/openapi";

export const dynamic = "force-static";

/** GET /v1/openapi.json: the OpenAPI document of what this catalog serves (public, like /api/v1's). */
export function GET(): Response {
  return Response.json(icebergOpenApiDocument());
}
