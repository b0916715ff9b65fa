/**
 * A product's versions and a request's submissions, in the database: the one writer of
 * product_versions (a deployment that changed the product settled, workflow/settle.ts) and of
 * request_submissions (a submit passed the gate, core/evolution.ts). Every deployed spec is a
 * version; every submitted spec is kept, so a resubmission is compared with the one before.
 */
import {
  classifyChanges,
  compareVersions,
  DataProductSpec,
  FIRST_VERSION,
  parseDataProductSpec,
  proposeVersion,
} from "#contract";
import { judgeProposal, type ProposalVerdict, type VersionedSpec } from "#core/evolution";
import type { Deployment } from "#db";
import type { Db } from "#db/client";
import { canonicalJson } from "#lib/canonical-json";
import { actingUserId, type AuditActor } from "./audit";

const NEWEST_FIRST = [{ deployedAt: "desc" as const }, { id: "desc" as const }];

export interface StoredVersion extends VersionedSpec {
  deployedAt: Date;
  deploymentId: string | null;
  requestId: string | null;
}

function toStored(row: {
  version: string;
  spec: unknown;
  deployedAt: Date;
  deploymentId: string | null;
  requestId: string | null;
}): StoredVersion {
  return {
    version: row.version,
    spec: DataProductSpec.parse(row.spec),
    deployedAt: row.deployedAt,
    deploymentId: row.deploymentId,
    requestId: row.requestId,
  };
}

/** Every version of a product, newest first. */
export async function productVersions(db: Db, productId: string): Promise<StoredVersion[]> {
  const rows = await db.productVersion.findMany({ where: { productId }, orderBy: NEWEST_FIRST });
  return rows.map(toStored);
}

export async function productVersion(
  db: Db,
  productId: string,
  version: string,
): Promise<StoredVersion | undefined> {
  const row = await db.productVersion.findUnique({
    where: { productId_version: { productId, version } },
  });
  return row === null ? undefined : toStored(row);
}

/**
 * The version a product runs: its newest recorded one. A live product without any (inserted
 * before versions were recorded, by hand) counts its current spec as its first version.
 */
export async function liveVersion(
  db: Db,
  product: { id: string; status: string; spec: unknown },
): Promise<StoredVersion | undefined> {
  const row = await db.productVersion.findFirst({
    where: { productId: product.id },
    orderBy: NEWEST_FIRST,
  });
  if (row !== null) return toStored(row);
  if (product.status !== "live") return undefined;
  const parsed = parseDataProductSpec(product.spec);
  if (!parsed.success) return undefined;
  return {
    version: parsed.spec.version ?? FIRST_VERSION,
    spec: parsed.spec,
    deployedAt: new Date(0),
    deploymentId: null,
    requestId: null,
  };
}

/** Copies the version and the column ids the gate assigned onto the spec as it was written. */
function withAssigned(raw: unknown, assigned: DataProductSpec): unknown {
  const spec = raw as { table: { columns: object[] } };
  return {
    ...spec,
    version: assigned.version,
    table: {
      ...spec.table,
      columns: spec.table.columns.map((column, index) => ({
        ...column,
        id: assigned.table.columns[index]?.id,
      })),
    },
  };
}

export interface SubmittedRequest {
  id: string;
  kind: string;
  domain: string;
  name: string;
  spec: unknown;
}

export type SubmissionOutcome =
  | Exclude<ProposalVerdict, { ok: true }>
  | {
      ok: true;
      verdict: Extract<ProposalVerdict, { ok: true }>;
      live: StoredVersion | undefined;
    };

/**
 * The gate on submit (core/evolution.ts `judgeProposal`) against the product's live version;
 * when it passes, the request's spec gets its version and column ids and the submission is kept.
 * The caller has checked that the spec is valid.
 */
export async function submitSpec(
  db: Db,
  request: SubmittedRequest,
  actor: AuditActor,
): Promise<SubmissionOutcome> {
  const proposed = DataProductSpec.parse(request.spec);
  const product = await db.dataProduct.findUnique({
    where: { domain_name: { domain: request.domain, name: request.name } },
  });
  const live =
    request.kind === "update" && product !== null ? await liveVersion(db, product) : undefined;
  const history =
    product === null
      ? []
      : (await productVersions(db, product.id)).map((version) => version.spec.table.columns);
  const verdict = judgeProposal({ live, history, proposed });
  if (!verdict.ok) return verdict;
  const spec = withAssigned(request.spec, verdict.spec);
  await db.productRequest.update({ where: { id: request.id }, data: { spec: spec as object } });
  await db.requestSubmission.create({
    data: {
      requestId: request.id,
      spec: spec as object,
      liveVersion: live?.version ?? null,
      version: verdict.version,
      changes: JSON.parse(JSON.stringify(verdict.changes)) as object,
      severity: verdict.severity ?? null,
      submittedById: actingUserId(actor),
    },
  });
  return { ok: true, verdict, live };
}

export interface Submission {
  spec: unknown;
  liveVersion: string | null;
  version: string;
  severity: string | null;
  submittedAt: Date;
}

/** A request's submissions, newest first. */
export function requestSubmissions(db: Db, requestId: string): Promise<Submission[]> {
  return db.requestSubmission.findMany({
    where: { requestId },
    orderBy: [{ submittedAt: "desc" }, { id: "desc" }],
    select: { spec: true, liveVersion: true, version: true, severity: true, submittedAt: true },
  });
}

function sameSpec(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * A product registered live without any recorded version (its first deployment, or a stack run
 * outside the portal's queue) starts its history with the spec it registered.
 */
export async function ensureFirstVersion(
  db: Db,
  productId: string,
  spec: DataProductSpec,
): Promise<void> {
  const recorded = await db.productVersion.count({ where: { productId } });
  if (recorded > 0) return;
  await db.productVersion.create({
    data: { productId, version: spec.version ?? FIRST_VERSION, spec: spec },
  });
}

/**
 * A deployment that changed the product succeeded: its spec becomes the product's newest version,
 * unless it is the spec of the newest one already (a retry, a re-deploy). The number is the
 * spec's own when it is above every recorded one, else the smallest the changes allow.
 */
export async function recordVersion(db: Db, deployment: Deployment): Promise<void> {
  const product = await db.dataProduct.findUnique({ where: { id: deployment.productId } });
  if (product === null) return;
  const parsed = parseDataProductSpec(deployment.spec ?? product.spec);
  if (!parsed.success) return;
  const spec = parsed.spec;
  const versions = await productVersions(db, product.id);
  const newest = versions[0];
  if (newest !== undefined && sameSpec(newest.spec, spec)) {
    // Registered as the first version during this very deployment: it was this one's.
    await db.productVersion.updateMany({
      where: { productId: product.id, version: newest.version, deploymentId: null },
      data: { deploymentId: deployment.id, requestId: deployment.requestId },
    });
    return;
  }
  const highest = versions.reduce<string | undefined>(
    (max, v) => (max === undefined || compareVersions(v.version, max) > 0 ? v.version : max),
    undefined,
  );
  const own = spec.version;
  const version =
    own !== undefined && (highest === undefined || compareVersions(own, highest) > 0)
      ? own
      : newest === undefined || highest === undefined
        ? (own ?? FIRST_VERSION)
        : proposeVersion(highest, classifyChanges(newest.spec, spec));
  await db.productVersion.create({
    data: {
      productId: product.id,
      version,
      spec: (deployment.spec ?? product.spec) as object,
      deploymentId: deployment.id,
      requestId: deployment.requestId,
    },
  });
}
