import "server-only";
/**
 * OAuth2 client credentials for the Iceberg REST catalog (`POST /api/iceberg/v1/oauth/tokens`),
 * so Spark, Trino and pyiceberg can be configured the standard way (`credential=<id>:<secret>`).
 * The client is a domain API key: client_id = the key's id, client_secret = the key itself
 * (`mpl_…`). The token is short-lived (an hour), stateless and signed (HMAC-SHA256 with the
 * portal's auth secret); it stands for the key, so revoking the key ends its tokens at once.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Db } from "#db/client";
import type { LineageKeyPrincipal } from "../authz";
import { principalForKey, principalForKeyId } from "../lineage/api-keys";

export const OAUTH_TOKEN_PREFIX = "mpo_";
export const OAUTH_TOKEN_TTL_SECONDS = 3600;

const Claims = z.strictObject({ k: z.string().min(1), e: z.number().int() });

function sign(payload: string, secret: string): string {
  return createHmac("sha256", secret).update(payload).digest("base64url");
}

export function issueToken(keyId: string, secret: string, nowMs: number): string {
  const payload = Buffer.from(
    JSON.stringify({ k: keyId, e: Math.floor(nowMs / 1000) + OAUTH_TOKEN_TTL_SECONDS }),
  ).toString("base64url");
  return `${OAUTH_TOKEN_PREFIX}${payload}.${sign(payload, secret)}`;
}

/** The key id a token stands for, when its signature holds and it has not expired. */
export function verifyToken(token: string, secret: string, nowMs: number): string | undefined {
  if (!token.startsWith(OAUTH_TOKEN_PREFIX)) return undefined;
  const [payload, signature, ...rest] = token.slice(OAUTH_TOKEN_PREFIX.length).split(".");
  if (payload === undefined || signature === undefined || rest.length > 0) return undefined;
  const expected = Buffer.from(sign(payload, secret));
  const presented = Buffer.from(signature);
  if (expected.length !== presented.length || !timingSafeEqual(expected, presented))
    return undefined;
  let claims: z.infer<typeof Claims>;
  try {
    claims = Claims.parse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
  } catch {
    return undefined;
  }
  return claims.e * 1000 > nowMs ? claims.k : undefined;
}

/** The key principal behind a token, when the key still exists and is not revoked. */
export async function principalForToken(
  db: Db,
  token: string,
  secret: string,
  now: Date,
): Promise<LineageKeyPrincipal | undefined> {
  const keyId = verifyToken(token, secret, now.getTime());
  if (keyId === undefined) return undefined;
  return principalForKeyId(db, keyId, now);
}

/** The client credentials grant's form, as RFC 6749 §4.4 and the Iceberg spec name its fields. */
export const TokenRequest = z.object({
  grant_type: z.literal("client_credentials"),
  client_id: z.string().min(1).optional(),
  client_secret: z.string().min(1),
  scope: z.string().optional(),
});
export type TokenRequest = z.infer<typeof TokenRequest>;

export type TokenAnswer =
  | {
      ok: true;
      body: {
        access_token: string;
        token_type: "bearer";
        expires_in: number;
        issued_token_type: string;
      };
    }
  | { ok: false; status: 400 | 401; body: { error: string; error_description: string } };

/** Exchanges a key's credentials for a token (OAuth errors as RFC 6749 §5.2 names them). */
export async function exchangeCredentials(
  db: Db,
  form: Record<string, string>,
  secret: string,
  now: Date,
): Promise<TokenAnswer> {
  const parsed = TokenRequest.safeParse(form);
  if (!parsed.success) {
    const grant = form.grant_type;
    const unsupported = grant !== undefined && grant !== "client_credentials";
    return {
      ok: false,
      status: 400,
      body: unsupported
        ? {
            error: "unsupported_grant_type",
            error_description: "only client_credentials is supported",
          }
        : {
            error: "invalid_request",
            error_description: `${parsed.error.issues.map((issue) => issue.path.join(".") || "form").join(", ")}: missing or invalid`,
          },
    };
  }
  const principal = await principalForKey(db, parsed.data.client_secret, now);
  const idMatches =
    parsed.data.client_id === undefined || parsed.data.client_id === principal?.keyId;
  if (principal === undefined || !idMatches) {
    return {
      ok: false,
      status: 401,
      body: {
        error: "invalid_client",
        error_description: "client_id must be a domain API key's id and client_secret that key",
      },
    };
  }
  return {
    ok: true,
    body: {
      access_token: issueToken(principal.keyId, secret, now.getTime()),
      token_type: "bearer",
      expires_in: OAUTH_TOKEN_TTL_SECONDS,
      issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
    },
  };
}
