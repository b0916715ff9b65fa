import { portalConfig } from "#config";
import { db } from "#portal/server/db";
import { exchangeCredentials } from "#portal/server/iceberg/tokens";
import { logError } from "#portal/server/log";
import { ApiError, UNAVAILABLE_RETRY_AFTER_SECONDS } from "#portal/server/problems";
import { readBodyBytes } from "#portal/server/request-body";
import { isDatabaseUnavailable } from "#db/unavailable";

/**
 * POST /v1/oauth/tokens: the OAuth2 client-credentials grant (form-encoded, RFC 6749 §4.4), a
 * domain API key's id and secret for a short-lived bearer. Not a withApi route: OAuth has its
 * own request encoding and error format (RFC 6749 §5.2), and the caller has no bearer yet.
 */
export async function POST(request: Request): Promise<Response> {
  const headers = { "cache-control": "no-store" };
  try {
    const type = request.headers.get("content-type") ?? "";
    if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      return Response.json(
        {
          error: "invalid_request",
          error_description: "send the form as application/x-www-form-urlencoded",
        },
        { status: 400, headers },
      );
    }
    // Within the body limit every route keeps: the caller is not authenticated yet.
    const body = await readBodyBytes(request, portalConfig().maxBodyBytes);
    const form = Object.fromEntries(new URLSearchParams(new TextDecoder().decode(body)));
    const answer = await exchangeCredentials(db(), form, portalConfig().authSecret, new Date());
    return Response.json(answer.body, { status: answer.ok ? 200 : answer.status, headers });
  } catch (error) {
    if (error instanceof ApiError)
      return Response.json(
        { error: "invalid_request", error_description: error.detail ?? error.title },
        { status: 400, headers },
      );
    if (isDatabaseUnavailable(error))
      return Response.json(
        {
          error: "temporarily_unavailable",
          error_description: "the database cannot be reached; retry shortly",
        },
        {
          status: 503,
          headers: { ...headers, "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
        },
      );
    logError("[iceberg] POST /v1/oauth/tokens failed", error);
    return Response.json(
      { error: "server_error", error_description: "something went wrong on our side" },
      { status: 500, headers },
    );
  }
}
