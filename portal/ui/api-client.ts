/**
 * Browser-side calls to /api/v1. Errors arrive as RFC 9457 problems and are thrown as ApiProblem so
 * the forms can put `errors[].path` next to the fields.
 */
import type { FieldError, Problem } from "../shared/api-schemas";

export class ApiProblem extends Error {
  readonly status: number;
  readonly errors: readonly FieldError[];

  constructor(problem: Partial<Problem> & { status: number }) {
    super(problem.detail ?? problem.title ?? `request failed (${problem.status})`);
    this.name = "ApiProblem";
    this.status = problem.status;
    this.errors = problem.errors ?? [];
  }
}

export async function apiFetch<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: {
      accept: "application/json",
      ...(init?.body ? { "content-type": "application/json" } : {}),
    },
    credentials: "same-origin",
  });
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => ({}));
  if (!response.ok)
    throw new ApiProblem({ ...(body as Partial<Problem>), status: response.status });
  return body as T;
}

export function apiSend<T>(
  method: "POST" | "PATCH" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
) {
  return apiFetch<T>(path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}
