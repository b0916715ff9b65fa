/**
 * API errors and their one mapping to RFC 9457 problem+json. Services throw these; `withApi`
 * turns whatever was thrown into a response here, so the wire format is decided in one place.
 */
import { z } from "zod";
import { toSpecIssues } from "#contract";
import { isDatabaseUnavailable } from "#db/unavailable";
import type { FieldError, Problem } from "../shared/api-schemas";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: readonly FieldError[],
  ) {
    super(detail ?? title);
    this.name = "ApiError";
  }
}

export class UnauthenticatedError extends ApiError {
  constructor(detail = "sign in to use this endpoint") {
    super(401, "Unauthenticated", detail);
  }
}

export class ForbiddenError extends ApiError {
  constructor(detail = "you are not allowed to do this") {
    super(403, "Forbidden", detail);
  }
}

export class NotFoundError extends ApiError {
  constructor(detail = "not found") {
    super(404, "Not found", detail);
  }
}

export class ConflictError extends ApiError {
  constructor(detail: string) {
    super(409, "Conflict", detail);
  }
}

/** 429: a queue of the caller's is full; `Retry-After` says when to ask again. */
export class TooManyRequestsError extends ApiError {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, "Too many requests", detail);
  }
}

/** Headers a problem carries besides its body (Retry-After of a 429). */
export function problemHeaders(error: unknown): Record<string, string> {
  return error instanceof TooManyRequestsError
    ? { "retry-after": String(error.retryAfterSeconds) }
    : {};
}

export class ValidationError extends ApiError {
  constructor(errors: readonly FieldError[], detail = "the request is not valid") {
    super(422, "Validation failed", detail, errors);
  }
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

const TYPE_BASE = "https://meshplane.dev/problems/";

const TYPE_SLUGS: Readonly<Record<number, string>> = {
  400: "bad-request",
  401: "unauthenticated",
  403: "forbidden",
  404: "not-found",
  409: "conflict",
  405: "method-not-allowed",
  413: "payload-too-large",
  415: "unsupported-media-type",
  422: "validation-failed",
  429: "too-many-requests",
  500: "internal",
  503: "unavailable",
};

/** Seconds a client should wait before retrying when the database is unreachable. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export function problemOf(error: unknown): Problem {
  if (error instanceof z.ZodError) return problemOf(new ValidationError(toSpecIssues(error)));
  if (error instanceof ApiError) {
    return {
      type: `${TYPE_BASE}${TYPE_SLUGS[error.status] ?? "error"}`,
      title: error.title,
      status: error.status,
      ...(error.detail === undefined ? {} : { detail: error.detail }),
      ...(error.errors === undefined ? {} : { errors: [...error.errors] }),
    };
  }
  // The database cannot be reached: a 503 the caller may retry, not a bug.
  if (isDatabaseUnavailable(error)) {
    return {
      type: `${TYPE_BASE}unavailable`,
      title: "Service unavailable",
      status: 503,
      detail: "the database cannot be reached; retry shortly",
    };
  }
  // Anything else is a bug: say nothing about it to the caller.
  return {
    type: `${TYPE_BASE}internal`,
    title: "Internal server error",
    status: 500,
    detail: "something went wrong on our side; it has been logged",
  };
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return Response.json(problem, {
    status: problem.status,
    headers: {
      "content-type": PROBLEM_CONTENT_TYPE,
      "cache-control": "no-store",
      ...(problem.status === 503 ? { "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS) } : {}),
      ...headers,
    },
  });
}
