import { NotFoundError, problemOf, problemResponse } from "#portal/server/problems";

/**
 * Every /api/v1 path no route file answers: problem+json 404 like the rest of the API, instead of
 * Next's HTML page. More specific routes always win over this catch-all, and it is not part of the
 * OpenAPI document (test/unit/portal/openapi.test.ts leaves it out on purpose).
 */
function notFound(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  return Promise.resolve(
    problemResponse(problemOf(new NotFoundError(`there is no ${pathname} in this API`))),
  );
}

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
