/**
 * The access section's pure parts (portal/ui/product/AccessPanel.tsx): the rules of a
 * classification in words, a principal in words, and a problem's field errors split by the form
 * field they belong to. Browser-safe; unit-tested in test/unit/portal/access-form.test.ts.
 */
import { APPROVAL_RULES } from "#contract/access-rules";
import type { Classification } from "#contract";
import type { AccessRequestView } from "../../shared/access-schemas";
import { ApiProblem } from "../api-client";

/** What the product's classification asks of a request, in words, before anyone submits. */
export function accessRuleText(classification: Classification, owningDomain: string): string {
  const rule = APPROVAL_RULES[classification];
  const who = rule.automatic
    ? "approved as soon as it is asked"
    : rule.platformAdmin
      ? `approved by an owner of ${owningDomain} and a platform admin, two different people`
      : `approved by an owner of ${owningDomain}`;
  const until = rule.endDateRequired
    ? `an end date is required, at most ${rule.maxDays} days ahead`
    : "an end date is optional";
  return `${classification}: ${who}; ${until}.`;
}

/** The principal that reads, in words. */
export function principalText(principal: AccessRequestView["principal"], consumer: string): string {
  switch (principal.kind) {
    case "aws-iam-role":
      return principal.arn;
    case "azure-entra":
      return `${principal.objectId} (${principal.type})`;
    case "gcp-service-account":
      return principal.email;
    case "domain":
      return `domain ${consumer} (its API keys)`;
  }
}

/** Where the problem's field errors go: the form's fields by their API path. */
export const FIELD_PATHS = [
  "consumer",
  "principal.kind",
  "principal.arn",
  "principal.objectId",
  "principal.type",
  "principal.email",
  "purpose",
  "endsAt",
] as const;
export type FieldPath = (typeof FIELD_PATHS)[number];

export function fieldErrors(error: Error | null): {
  byField: Partial<Record<FieldPath, string[]>>;
  rest: Error | null;
} {
  if (!(error instanceof ApiProblem) || error.errors.length === 0)
    return { byField: {}, rest: error };
  const byField: Partial<Record<FieldPath, string[]>> = {};
  const others = [];
  for (const issue of error.errors) {
    const path = (FIELD_PATHS as readonly string[]).includes(issue.path)
      ? (issue.path as FieldPath)
      : undefined;
    if (path === undefined) others.push(issue);
    else byField[path] = [...(byField[path] ?? []), issue.message];
  }
  const rest =
    others.length === 0
      ? null
      : new ApiProblem({ status: error.status, detail: error.message, errors: others });
  return { byField, rest };
}

/** A day (YYYY-MM-DD, UTC) `days` from now. */
export function dayFromNow(days: number, now: Date = new Date()): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
