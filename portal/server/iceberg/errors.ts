/**
 * The Iceberg REST catalog's errors: what the catalog throws, and the one mapping of anything
 * thrown to the spec's IcebergErrorResponse `{ error: { message, type, code } }` (the portal's
 * own API answers problem+json instead; withApi picks by the route's protocol). Exception type
 * names are the ones engines map to their own exceptions (pyiceberg's NoSuchTableError,
 * CommitFailedException, …).
 */
import { z } from "zod";
import { toSpecIssues } from "#contract";
import { InvalidUpdate, RequirementFailed } from "#lib/iceberg/updates";
import { isDatabaseUnavailable } from "#db/unavailable";
import { CommitConflict, MetadataWriteFailed } from "#workflow/iceberg-catalog";
import { ApiError, UNAVAILABLE_RETRY_AFTER_SECONDS } from "../problems";

export type IcebergErrorType =
  | "BadRequestException"
  | "NotAuthorizedException"
  | "ForbiddenException"
  | "NoSuchNamespaceException"
  | "NoSuchTableException"
  | "AlreadyExistsException"
  | "CommitFailedException"
  | "UnsupportedOperationException"
  | "ServiceFailureException"
  | "ServiceUnavailableException";

/** An error with the Iceberg exception type engines expect. */
export class IcebergError extends ApiError {
  constructor(
    status: number,
    readonly icebergType: IcebergErrorType,
    message: string,
  ) {
    super(status, icebergType, message);
    this.name = "IcebergError";
  }
}

export const noSuchNamespace = (namespace: string): IcebergError =>
  new IcebergError(404, "NoSuchNamespaceException", `Namespace does not exist: ${namespace}`);

export const noSuchTable = (namespace: string, table: string): IcebergError =>
  new IcebergError(404, "NoSuchTableException", `Table does not exist: ${namespace}.${table}`);

export const alreadyExists = (namespace: string, table: string): IcebergError =>
  new IcebergError(409, "AlreadyExistsException", `Table already exists: ${namespace}.${table}`);

const TYPE_BY_STATUS: Readonly<Record<number, IcebergErrorType>> = {
  400: "BadRequestException",
  401: "NotAuthorizedException",
  403: "ForbiddenException",
  404: "NoSuchTableException",
  406: "UnsupportedOperationException",
  409: "CommitFailedException",
  415: "BadRequestException",
  // The portal's validation failures (422) are the spec's 400 BadRequestException.
  422: "BadRequestException",
};

interface IcebergErrorBody {
  error: { message: string; type: string; code: number };
}

function describe(error: ApiError): string {
  const fields = (error.errors ?? []).map((issue) =>
    issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`,
  );
  return fields.length === 0 ? error.message : `${error.message}: ${fields.join("; ")}`;
}

/** What to answer for anything thrown by an Iceberg route. */
export function icebergErrorOf(error: unknown): IcebergErrorBody {
  if (error instanceof z.ZodError)
    return icebergErrorOf(
      new ApiError(400, "Bad request", "the request is not valid", toSpecIssues(error)),
    );
  if (error instanceof RequirementFailed || error instanceof CommitConflict)
    return { error: { message: error.message, type: "CommitFailedException", code: 409 } };
  if (error instanceof InvalidUpdate)
    return { error: { message: error.message, type: "BadRequestException", code: 400 } };
  if (error instanceof IcebergError)
    return { error: { message: error.message, type: error.icebergType, code: error.status } };
  if (error instanceof ApiError) {
    const code = error.status === 422 || error.status === 415 ? 400 : error.status;
    const type = TYPE_BY_STATUS[error.status] ?? "ServiceFailureException";
    return { error: { message: describe(error), type, code } };
  }
  // Nothing was committed and a retry may pass: the spec's 503, documented for every operation.
  if (error instanceof MetadataWriteFailed)
    return { error: { message: error.message, type: "ServiceUnavailableException", code: 503 } };
  if (isDatabaseUnavailable(error))
    return {
      error: {
        message: "the database cannot be reached; retry shortly",
        type: "ServiceUnavailableException",
        code: 503,
      },
    };
  return {
    error: {
      message: "something went wrong on our side; it has been logged",
      type: "ServiceFailureException",
      code: 500,
    },
  };
}

export function icebergErrorResponse(body: IcebergErrorBody): Response {
  return Response.json(body, {
    status: body.error.code,
    headers: {
      "cache-control": "no-store",
      ...(body.error.code === 503
        ? { "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS) }
        : {}),
    },
  });
}
